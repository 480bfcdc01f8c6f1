import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import type { PieceType } from './kinds';
import { foldToAscii } from './ascii';
import { DOCUMENT_DATE, documentContent, type ArtifactOwner } from './content';

export interface PdfInput {
  /** Document title (Info /Title); expected to contain the canary. */
  title: string;
  canary: string;
  /** Printed on the page only: never in the Info dictionary, the title or a file name. */
  contentMarker?: string;
  owner: ArtifactOwner;
  kind: PieceType;
}

type PdfLib = typeof import('pdf-lib');

let pdfLib: Promise<PdfLib> | undefined;

/**
 * pdf-lib, loaded on the first document: every spec's worker imports this module (the fixtures'
 * write and lifecycle helpers), and pdf-lib's 140 modules cost each worker start, one per failed
 * test, a few tenths of a second of CPU that only the checks that upload a file need.
 */
function loadPdfLib(): Promise<PdfLib> {
  pdfLib ??= import('pdf-lib');
  return pdfLib;
}

const A4 = { w: 595.28, h: 841.89 };
const LEFT = 56;

/**
 * A one-page, realistic-looking PDF for a pièce justificative.
 *
 * pdf-lib Flate-compresses page content and writes text as hex glyph codes, so a byte scan would
 * never see the canary in the visible text. The canary is therefore ALSO written where it stays
 * plain ASCII: a literal string in an uncompressed content stream (still visible on the page) and
 * literal /Subject and /Keywords strings in the Info dictionary. Output is deterministic: fixed
 * dates, fixed Creator/Producer, no trailer /ID.
 */
export async function makePdf(input: PdfInput): Promise<Uint8Array> {
  assertPlainCanary(input.canary);
  if (input.contentMarker) assertPlainCanary(input.contentMarker);
  const lib = await loadPdfLib();
  const { PDFDocument, StandardFonts, rgb } = lib;
  const INK = rgb(0.1, 0.12, 0.2);
  const MUTED = rgb(0.35, 0.38, 0.45);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([A4.w, A4.h]);
  const c = documentContent(input.kind, input.owner);

  let y = A4.h - 60;
  const line = (text: string, size: number, font: PDFFont = regular, color = INK, x = LEFT): void => {
    page.drawText(winAnsi(text, font), { x, y, size, font, color });
    y -= size * 1.6;
  };

  line(c.issuer, 9, bold, MUTED);
  y -= 14;
  line(c.heading, 20, bold);
  line(c.subheading, 10, regular, MUTED);
  y -= 10;

  const boxTop = y + 14;
  for (const [label, value] of c.fields) {
    page.drawText(winAnsi(`${label} :`, bold), { x: LEFT + 10, y, size: 10, font: bold, color: INK });
    page.drawText(winAnsi(value, regular), { x: LEFT + 170, y, size: 10, font: regular, color: INK });
    y -= 18;
  }
  page.drawRectangle({ x: LEFT, y: y + 4, width: A4.w - 2 * LEFT, height: boxTop - y - 4, borderColor: MUTED, borderWidth: 0.8 });
  y -= 20;
  for (const text of c.body) line(text, 10.5);

  const label = 'Référence du document : ';
  page.drawText(winAnsi(label, regular), { x: LEFT, y: 90, size: 9, font: regular, color: MUTED });
  writePlainText(lib, page, regular, input.canary, LEFT + regular.widthOfTextAtSize(winAnsi(label, regular), 9), 90, 9);
  if (input.contentMarker) {
    const print = 'Empreinte : ';
    page.drawText(winAnsi(print, regular), { x: LEFT, y: 76, size: 7.5, font: regular, color: MUTED });
    writePlainText(lib, page, regular, input.contentMarker, LEFT + regular.widthOfTextAtSize(winAnsi(print, regular), 7.5), 76, 7.5);
  }
  page.drawText(winAnsi('Spécimen — données fictives générées pour un test de sécurité (cloison).', regular), { x: LEFT, y: 60, size: 7.5, font: regular, color: MUTED });

  doc.setTitle(input.title); // UTF-16 hex: keeps the accents; the ASCII copies follow.
  setLiteralInfo(lib, doc, 'Subject', `${foldToAscii(c.heading)} - ${input.canary}`);
  setLiteralInfo(lib, doc, 'Keywords', `MDPH ${input.kind} ${input.canary}`);
  doc.setCreator('cloison');
  doc.setProducer('cloison (pdf-lib)');
  doc.setLanguage('fr-FR');
  doc.setCreationDate(DOCUMENT_DATE);
  doc.setModificationDate(DOCUMENT_DATE);
  return doc.save({ useObjectStreams: false });
}

/** Standard fonts only cover WinAnsi; anything else is folded rather than crashing pdf-lib. */
function winAnsi(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  return [...text].map((ch) => (supported.has(ch.codePointAt(0) ?? 0) ? ch : foldToAscii(ch))).join('');
}

/** Visible text in its own uncompressed stream, as a literal string: greppable in the raw bytes. */
function writePlainText(lib: PdfLib, page: PDFPage, font: PDFFont, text: string, x: number, y: number, size: number): void {
  const { PDFContentStream, PDFOperator, PDFOperatorNames, PDFString, beginText, endText, moveText, popGraphicsState, pushGraphicsState, setFillingRgbColor, setFontAndSize } = lib;
  const fontKey = page.node.newFontDictionary(font.name, font.ref);
  const ops = [
    pushGraphicsState(),
    beginText(),
    setFillingRgbColor(0.1, 0.12, 0.2),
    setFontAndSize(fontKey, size),
    moveText(x, y),
    PDFOperator.of(PDFOperatorNames.ShowText, [PDFString.of(text)]),
    endText(),
    popGraphicsState(),
  ];
  const stream = PDFContentStream.of(page.doc.context.obj({}), ops, false);
  page.node.addContentStream(page.doc.context.register(stream));
}

/** Info entries written as literal (ASCII) strings, unlike pdf-lib's setters which write UTF-16 hex. */
function setLiteralInfo(lib: PdfLib, doc: PDFDocument, key: 'Subject' | 'Keywords', value: string): void {
  const { PDFDict, PDFName, PDFString } = lib;
  // Called after setTitle, which creates the Info dictionary.
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of(key), PDFString.of(value.replace(/[()\\]/g, ' ')));
}

/** Literal PDF strings need no escaping only for plain printable ASCII without ( ) \. */
function assertPlainCanary(canary: string): void {
  if (!/^[A-Z0-9-]+$/.test(canary)) throw new Error(`makePdf: canary must be [A-Z0-9-], got ${JSON.stringify(canary)}`);
}
