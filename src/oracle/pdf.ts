/**
 * PDF text as a portal's PDF generator hides it. Real generators (pdf-lib, PDFKit, wkhtmltopdf)
 * compress content and object streams with FlateDecode and write text as hex strings
 * (`<434C534E> Tj`), often split by kerning (`[(CLSN-R7) -20 (K2Q9…)] TJ`), and metadata as
 * UTF-16BE (`<FEFF0043…>`). The plain bytes alone would miss every one of these.
 */
import type { ScanBudget } from './budget';
import { utf16be } from './text-views';

export interface PdfText {
  leaf: 'body' | 'pdf:stream';
  text: string;
}

const STREAM_START = /(?<!end)stream(?:\r\n|\n|\r)/g;

/** Text to scan: the strings of the uncompressed part, then each stream inflated, as raw text and
 * as decoded strings. The caller scans the plain bytes itself. */
export function pdfTexts(latin1: string, bytes: Uint8Array, budget: ScanBudget): PdfText[] {
  const out: PdfText[] = [];
  const outside: string[] = [];
  let cursor = 0;
  let streams = 0;
  for (const match of latin1.matchAll(STREAM_START)) {
    const dataStart = match.index + match[0].length;
    if (dataStart < cursor) continue;
    const end = latin1.indexOf('endstream', dataStart);
    if (end === -1) break;
    outside.push(latin1.slice(cursor, match.index));
    cursor = end + 'endstream'.length;
    if (++streams > budget.limits.maxPdfStreams) {
      budget.cut(`pdf: more than ${budget.limits.maxPdfStreams} streams`);
      break;
    }
    const dict = latin1.slice(Math.max(0, match.index - 600), match.index);
    const dictStart = dict.lastIndexOf('<<');
    const header = dictStart === -1 ? dict : dict.slice(dictStart);
    // Images and embedded fonts hold no text a reader sees: not inflating them keeps the scan of
    // a scanned-document PDF cheap.
    if (/\/Subtype\s*\/Image|\/Length1|\/FontFile/.test(header)) continue;
    let data: string;
    if (/\/FlateDecode|\/Fl\b/.test(header)) {
      const inflated = budget.decompress('zlib', bytes.subarray(dataStart, end), 'pdf stream');
      if (!inflated) continue;
      data = inflated.toString('latin1');
      out.push({ leaf: 'pdf:stream', text: data });
    } else if (/\/Filter/.test(header)) {
      continue; // DCT, JBIG2, LZW…: image codecs, not text
    } else {
      data = latin1.slice(dataStart, end); // the caller's plain scan already covers the raw text
    }
    const strings = pdfStrings(data);
    if (strings) out.push({ leaf: 'pdf:stream', text: strings });
  }
  outside.push(latin1.slice(cursor));
  const strings = pdfStrings(outside.join('\n'));
  if (strings) out.push({ leaf: 'body', text: strings });
  return out;
}

/** Every literal `(…)` and hex `<…>` string, decoded. Strings separated only by numbers (one TJ
 * array with kerning) are joined without a break so split words come back whole. */
export function pdfStrings(src: string): string {
  const lines: string[] = [];
  let line = '';
  let lastEnd = -1;
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    let decoded: string | undefined;
    const start = i;
    if (c === 0x28 /* ( */) {
      const [text, next] = readLiteral(src, i);
      decoded = text;
      i = next;
    } else if (c === 0x3c /* < */ && src.charCodeAt(i + 1) !== 0x3c) {
      const close = src.indexOf('>', i + 1);
      const body = close === -1 ? '' : src.slice(i + 1, close);
      if (close !== -1 && /^[0-9A-Fa-f\s]*$/.test(body)) {
        decoded = decodeHex(body);
        i = close + 1;
      } else i++;
    } else if (c === 0x3c) {
      i += 2;
    } else {
      i++;
    }
    if (decoded === undefined) continue;
    const gap = lastEnd === -1 ? '' : src.slice(lastEnd, start);
    if (lastEnd !== -1 && !/^[\s\d.+-]*$/.test(gap)) {
      lines.push(line);
      line = '';
    }
    line += decoded;
    lastEnd = i;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

const LITERAL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

function readLiteral(src: string, open: number): [string, number] {
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
  return [decodePdfBytes(Uint8Array.from(bytes)), i + 1];
}

function decodeHex(body: string): string {
  let hex = body.replace(/\s+/g, '');
  if (hex.length % 2 === 1) hex += '0'; // PDF rule: a missing last digit is 0
  return decodePdfBytes(Buffer.from(hex, 'hex'));
}

/** PDF text strings: UTF-16BE with a BOM, or PDFDocEncoding (latin1 for every ASCII marker). */
function decodePdfBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be(bytes.subarray(2));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
