/**
 * PDF text as a portal's PDF generator hides it. Generators (pdf-lib, PDFKit, wkhtmltopdf)
 * compress content and object streams and write text as hex strings (`<434C534E> Tj`), often
 * split by kerning (`[(CLSN-R7) -20 (K2Q9…)] TJ`), and metadata as UTF-16BE (`<FEFF0043…>`).
 * PDFs a portal renders itself (Chrome's print to PDF, wkhtmltopdf, LibreOffice) go further:
 * Identity-H fonts whose strings are glyph ids (`<0026002F0036> Tj`), readable only through the
 * font's ToUnicode CMap. The plain bytes alone would miss every one of these.
 */
import type { ScanBudget } from './budget';
import { fontMaps, OBJ_HEADER, viaCMap, type CMap, type FontMaps } from './pdf-cmap';
import { decodeFilters, filtersOf, isImageFilter } from './pdf-filters';
import { utf16be } from './text-views';

export interface PdfText {
  leaf: 'body' | 'pdf:stream';
  text: string;
}

const STREAM_START = /(?<!end)stream(?:\r\n|\n|\r)/g;

interface Stream {
  obj: number | undefined;
  text: string;
  /** Inflated or otherwise decoded (not the raw bytes the caller scans itself). */
  decoded: boolean;
}

/** Text to scan: each stream decoded, as raw text and as the strings it shows (through the fonts'
 * ToUnicode maps where they have one), then the strings of the uncompressed part. The caller
 * scans the plain bytes itself. */
export function pdfTexts(latin1: string, bytes: Uint8Array, budget: ScanBudget): PdfText[] {
  const out: PdfText[] = [];
  const outside: string[] = [];
  const streams: Stream[] = [];
  let cursor = 0;
  let count = 0;
  for (const match of latin1.matchAll(STREAM_START)) {
    const dataStart = match.index + match[0].length;
    if (dataStart < cursor) continue;
    const end = latin1.indexOf('endstream', dataStart);
    if (end === -1) break;
    const before = latin1.slice(Math.max(cursor, match.index - 1000), match.index);
    outside.push(latin1.slice(cursor, match.index));
    cursor = end + 'endstream'.length;
    if (++count > budget.limits.maxPdfStreams) {
      budget.cut(`pdf: more than ${budget.limits.maxPdfStreams} streams`);
      break;
    }
    const { obj, header } = dictionaryBefore(before);
    // Images and embedded fonts hold no text a reader sees: not decoding them keeps the scan of
    // a scanned-document PDF cheap.
    if (/\/Subtype\s*\/Image|\/Length[123]\b|\/FontFile/.test(header)) continue;
    const filters = filtersOf(header);
    if (isImageFilter(filters)) continue;
    if (filters.length === 0) {
      streams.push({ obj, text: latin1.slice(dataStart, end), decoded: false });
      continue;
    }
    const data = decodeFilters(filters, bytes.subarray(dataStart, end), budget);
    if (data) streams.push({ obj, text: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1'), decoded: true });
  }
  outside.push(latin1.slice(cursor));
  const plain = outside.join('\n');

  const fonts = fontMaps(plain, streams);
  for (const stream of streams) {
    if (stream.decoded) out.push({ leaf: 'pdf:stream', text: stream.text });
    if (stream.text.includes('begincmap')) continue;
    const strings = pdfStrings(stream.text, fonts);
    if (strings) out.push({ leaf: 'pdf:stream', text: strings });
  }
  const strings = pdfStrings(plain);
  if (strings) out.push({ leaf: 'body', text: strings });
  return out;
}

/** The object number and dictionary just before a `stream` keyword. */
function dictionaryBefore(before: string): { obj: number | undefined; header: string } {
  let last: RegExpMatchArray | undefined;
  for (const match of before.matchAll(OBJ_HEADER)) last = match;
  if (!last) return { obj: undefined, header: before.slice(Math.max(0, before.lastIndexOf('<<'))) };
  return { obj: Number(last[1]), header: before.slice((last.index ?? 0) + last[0].length) };
}

/**
 * Every literal `(…)` and hex `<…>` string, decoded through the CMap of the font selected by the
 * last `Tf` when it has one (a name that may denote several fonts gives one line per reading).
 * Strings of one line (a TJ array with kerning, a word split by a move along the line) are
 * joined without a break so split words come back whole.
 */
export function pdfStrings(src: string, fonts: FontMaps = new Map()): string {
  const lines: string[] = [];
  let readings: string[] = [''];
  let cmaps: CMap[] = [];
  let lastName = '';
  let lastEnd = -1;
  let i = 0;
  const breakLine = (): void => {
    for (const line of readings) if (line) lines.push(line);
    readings = cmaps.length > 1 ? cmaps.map(() => '') : [''];
  };
  while (i < src.length) {
    const c = src.charCodeAt(i);
    let raw: Uint8Array | undefined;
    const start = i;
    if (c === 0x28 /* ( */) {
      const [bytes, next] = readLiteral(src, i);
      raw = bytes;
      i = next;
    } else if (c === 0x3c /* < */ && src.charCodeAt(i + 1) !== 0x3c) {
      const close = src.indexOf('>', i + 1);
      const body = close === -1 ? '' : src.slice(i + 1, close);
      if (close !== -1 && /^[0-9A-Fa-f\s]*$/.test(body)) {
        raw = hexBytes(body);
        i = close + 1;
      } else i++;
    } else if (c === 0x3c) {
      i += 2;
    } else if (c === 0x2f /* / */) {
      const name = /^\/([^\s/<>[\]()]*)/.exec(src.slice(i, i + 128))?.[1] ?? '';
      lastName = name;
      i += 1 + name.length;
    } else if (c === 0x54 /* T */ && src.charCodeAt(i + 1) === 0x66 /* f */ && !isRegular(src.charCodeAt(i + 2)) && !isRegular(src.charCodeAt(i - 1))) {
      const selected = fonts.get(lastName) ?? [];
      if (selected !== cmaps) {
        breakLine();
        cmaps = selected;
        readings = cmaps.length > 1 ? cmaps.map(() => '') : [''];
        lastEnd = -1;
      }
      i += 2;
    } else {
      i++;
    }
    if (raw === undefined) continue;
    const gap = lastEnd === -1 ? '' : src.slice(lastEnd, start);
    if (lastEnd !== -1 && !sameLine(gap)) breakLine();
    if (cmaps.length === 0) readings[0] += decodePdfBytes(raw);
    else readings = readings.map((line, n) => line + viaCMap(raw, cmaps[n] ?? cmaps[0] as CMap));
    lastEnd = i;
  }
  breakLine();
  return lines.join('\n');
}

/**
 * Whether two strings are one piece of text: separated only by kerning numbers, the end of a
 * show operator, or a move along the line (`141.2 0 Td`: renderers such as Skia split a word
 * where a glyph is shaped or kerned). A move down, a new text block or anything else breaks.
 */
function sameLine(gap: string): boolean {
  if (/^[\s\d.+-]*$/.test(gap)) return true;
  const tokens = gap.split(/[\s[\]]+/).filter(Boolean);
  return tokens.every((token, k) => /^[-+]?[\d.]+$/.test(token) || token === 'Tj' || token === 'TJ' || ((token === 'Td' || token === 'TD') && Number(tokens[k - 1]) === 0));
}

/** Not whitespace nor a delimiter: part of an operator or a number. */
function isRegular(c: number): boolean {
  return !Number.isNaN(c) && c > 0x20 && !'()<>[]{}/%'.includes(String.fromCharCode(c));
}

const LITERAL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

function readLiteral(src: string, open: number): [Uint8Array, number] {
  const bytes: number[] = [];
  let depth = 1;
  let i = open + 1;
  while (i < src.length && depth > 0) {
    const ch = src[i] ?? '';
    if (ch === '\\') {
      const next = src[i + 1] ?? '';
      const escaped = LITERAL_ESCAPES[next];
      if (escaped !== undefined) {
        bytes.push(escaped);
        i += 2;
      } else if (/[0-7]/.test(next)) {
        const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4))?.[0] ?? '0';
        bytes.push(Number.parseInt(oct, 8) & 0xff);
        i += 1 + oct.length;
      } else {
        i += next === '\r' && src[i + 2] === '\n' ? 3 : 2; // line continuation
      }
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) break;
    bytes.push(src.charCodeAt(i) & 0xff);
    i++;
  }
  return [Uint8Array.from(bytes), i + 1];
}

function hexBytes(body: string): Uint8Array {
  let hex = body.replace(/\s+/g, '');
  if (hex.length % 2 === 1) hex += '0'; // PDF rule: a missing last digit is 0
  return Buffer.from(hex, 'hex');
}

/** PDF text strings: UTF-16BE with a BOM, or PDFDocEncoding (latin1 for every ASCII marker). */
function decodePdfBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be(bytes.subarray(2));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
