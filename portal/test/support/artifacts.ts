import { createHash, randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

/** A run-unique tag: markers of two runs (or two portals) never collide. */
export function runTag(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A real one-page PDF (certificat médical). The marker is drawn on the page and, because page
 * content is deflated, also kept as a literal string in the document information dictionary
 * (objects not compressed with useObjectStreams:false) so it is readable in the raw bytes.
 */
export async function makePdf(marker: string, heading = 'Certificat médical (Cerfa 15695)'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(heading, { x: 50, y: 780, size: 16, font });
  page.drawText(`Référence ${marker}`, { x: 50, y: 750, size: 12, font });
  doc.setTitle(`${heading} ${marker}`);
  doc.setCreator('cloison portal self-tests');
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of('CloisonMarker'), PDFString.of(marker));
  return doc.save({ useObjectStreams: false });
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** A minimal valid PNG (8×8 RGB) whose tEXt chunk carries the marker. */
export function makePng(marker: string): Uint8Array {
  const width = 8;
  const height = 8;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then pixels
    for (let x = 0; x < width; x += 1) row.set([x * 32, y * 32, 128], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', Buffer.from(`Comment\0${marker}`, 'latin1')),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function makeText(marker: string): Uint8Array {
  return Buffer.from(`Justificatif de domicile\nQuittance de loyer, référence ${marker}\n`, 'utf8');
}

/** Bytes of a Windows executable (MZ header): never an acceptable pièce. */
export function makeExe(): Uint8Array {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.write('This program cannot be run in DOS mode.', 78, 'latin1');
  return bytes;
}

export type ArtifactKind = 'pdf' | 'png' | 'text';

export interface Artifact {
  kind: ArtifactKind;
  type: string;
  mime: 'application/pdf' | 'image/png' | 'text/plain';
  titre: string;
  fileName: string;
  bytes: Uint8Array;
  sha256: string;
  marker: string;
}

/** One document whose marker sits in its bytes, its titre and its file name. */
export async function makeArtifact(kind: ArtifactKind, marker: string): Promise<Artifact> {
  const built = {
    pdf: async () => ({ type: 'certificat_medical', mime: 'application/pdf' as const, titre: `Certificat médical ${marker}`, fileName: `certificat-${marker}.pdf`, bytes: await makePdf(marker) }),
    png: () => Promise.resolve({ type: 'justificatif_identite', mime: 'image/png' as const, titre: `Carte d'identité ${marker}`, fileName: `identite-${marker}.png`, bytes: makePng(marker) }),
    text: () => Promise.resolve({ type: 'justificatif_domicile', mime: 'text/plain' as const, titre: `Justificatif de domicile ${marker}`, fileName: `domicile-${marker}.txt`, bytes: makeText(marker) }),
  }[kind];
  const artifact = await built();
  return { kind, marker, sha256: sha256(artifact.bytes), ...artifact };
}
