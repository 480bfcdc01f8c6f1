/**
 * Fixtures for the oracle's own tests: a tiny population and real files built the way portals
 * build them (pdf-lib with default compression, PNG chunks with real CRCs, fflate zips).
 * Imported only by *.test.ts files.
 */
import zlib from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { buildMarkerIndex, sha256Hex, type MarkerIndex, type MarkerIndexInput } from './markers';

export const RUN_ID = 'R7K2Q9';

/** NIR key: 97 - (first 13 digits mod 97), Corsica 2A → 19, 2B → 18 for the computation. */
export function withNirKey(first13: string): string {
  const numeric = BigInt(first13.replace('2A', '19').replace('2B', '18'));
  const key = 97n - (numeric % 97n);
  return first13 + key.toString().padStart(2, '0');
}

export const NIR_A = withNirKey('1850575123456'); // u075a
export const NIR_B = withNirKey('2920175654321'); // u075b
export const NIR_C = withNirKey('178042A012345'); // u2a01, born in Corse-du-Sud

export const EMAIL_A = `camille.durand.${RUN_ID.toLowerCase()}@example.test`;
export const EMAIL_C = 'h.petit-73@accounts.invalid';
export const ADRESSE_A = '12 rue des Lilas, 75011 Paris';

export const VICTIM_FILE = new TextEncoder().encode('%scan du justificatif de domicile, sans marqueur visible\n');

export function population(): MarkerIndexInput {
  const doc = (key: string, ownerKey: string, bytes: Uint8Array) => ({
    key,
    ownerKey,
    canary: `CLSN-${RUN_ID}-${ownerKey.toUpperCase()}-${key.split('-d')[1] ?? '1'}`,
    contentMarker: `CLSNC-${RUN_ID}-${ownerKey.toUpperCase()}-${key.split('-d')[1] ?? '1'}`,
    sha256: sha256Hex(bytes),
  });
  return {
    runId: RUN_ID,
    people: [
      { key: 'u075a', email: EMAIL_A, nir: NIR_A, prenom: 'Camille', nom: 'Durand', dateNaissance: '1985-05-12', adresse: ADRESSE_A },
      { key: 'u075b', email: `louis.martin.${RUN_ID.toLowerCase()}@example.test`, nir: NIR_B, prenom: 'Louis', nom: 'Martin', dateNaissance: '1992-01-17', adresse: '3 avenue Jean Jaurès, 75019 Paris' },
      { key: 'u2a01', email: `ange.santoni.${RUN_ID.toLowerCase()}@example.test`, nir: NIR_C, prenom: 'Ange', nom: 'Santoni', dateNaissance: '1978-04-02' },
      // Born the same day as u075a, with an accented first name, and an account from a real
      // directory (an accounts file): its address is not at the reserved test domain.
      { key: 'u075c', email: EMAIL_C, prenom: 'Hélène', nom: 'Petit', dateNaissance: '1985-05-12' },
      { key: 'agent075', email: `agent075.${RUN_ID.toLowerCase()}@example.test`, prenom: 'Camille', nom: 'Roux', dateNaissance: '1979-11-30' },
    ],
    documents: [
      doc('u075a-d1', 'u075a', new TextEncoder().encode('u075a-d1 bytes')),
      doc('u075a-d2', 'u075a', VICTIM_FILE),
      doc('u075a-d3', 'u075a', new TextEncoder().encode('u075a-d3 bytes')),
      doc('u075b-d1', 'u075b', new TextEncoder().encode('u075b-d1 bytes')),
    ],
  };
}

export function index(): MarkerIndex {
  return buildMarkerIndex(population());
}

export const CANARY_A1 = `CLSN-${RUN_ID}-U075A-1`;
export const CANARY_A3 = `CLSN-${RUN_ID}-U075A-3`;
export const CANARY_B1 = `CLSN-${RUN_ID}-U075B-1`;
export const CONTENT_A1 = `CLSNC-${RUN_ID}-U075A-1`;

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A certificat médical as pdf-lib writes it by default: content and object streams compressed,
 * text as hex strings, title as UTF-16BE. */
export async function pdfWithCanary(canary: string, options: { title?: string } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage();
  page.drawText('Certificat médical (Cerfa 15695)', { x: 50, y: 750, font, size: 14 });
  page.drawText(`Référence : ${canary}`, { x: 50, y: 720, font, size: 10 });
  if (options.title) pdf.setTitle(options.title);
  return pdf.save();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 2×2 grey PNG with the given text chunks. */
export function pngWithText(chunks: { type: 'tEXt' | 'zTXt'; keyword: string; text: string }[]): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const pixels = Buffer.from([0, 0x80, 0x80, 0, 0x80, 0x80]); // filter byte + 2 pixels, twice
  const text = chunks.map(({ type, keyword, text: value }) =>
    type === 'tEXt'
      ? chunk('tEXt', Buffer.from(`${keyword}\0${value}`, 'latin1'))
      : chunk('zTXt', Buffer.concat([Buffer.from(`${keyword}\0\0`, 'latin1'), zlib.deflateSync(Buffer.from(value, 'latin1'))])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...text,
    chunk('IDAT', zlib.deflateSync(pixels)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** LZW as PDF writes it (9-12 bit codes, clear first, EarlyChange 1), to build filter fixtures. */
export function lzwEncode(data: Uint8Array): Uint8Array {
  const table = new Map<string, number>();
  for (let i = 0; i < 256; i++) table.set(String.fromCharCode(i), i);
  let next = 258;
  let width = 9;
  let bits = 0;
  let count = 0;
  const out: number[] = [];
  const emit = (code: number): void => {
    bits = (bits << width) | code;
    count += width;
    while (count >= 8) {
      out.push((bits >> (count - 8)) & 0xff);
      count -= 8;
    }
    bits &= (1 << count) - 1;
  };
  emit(256);
  let word = '';
  for (const byte of data) {
    const candidate = word + String.fromCharCode(byte);
    if (table.has(candidate)) {
      word = candidate;
      continue;
    }
    emit(table.get(word) ?? 0);
    table.set(candidate, next++);
    if (next + 1 > (1 << width) && width < 12) width++;
    word = String.fromCharCode(byte);
  }
  if (word) emit(table.get(word) ?? 0);
  emit(257);
  if (count > 0) out.push((bits << (8 - count)) & 0xff);
  return Uint8Array.from(out);
}

/** ASCII85 (`<~ … ~>`), to build filter fixtures. */
export function ascii85Encode(data: Uint8Array): string {
  let out = '<~';
  for (let i = 0; i < data.length; i += 4) {
    const chunk = [0, 1, 2, 3].map((k) => data[i + k] ?? 0);
    const n = Math.min(4, data.length - i);
    let value = (((chunk[0] ?? 0) << 24) | ((chunk[1] ?? 0) << 16) | ((chunk[2] ?? 0) << 8) | (chunk[3] ?? 0)) >>> 0;
    if (n === 4 && value === 0) {
      out += 'z';
      continue;
    }
    const digits: string[] = [];
    for (let k = 0; k < 5; k++) {
      digits.unshift(String.fromCharCode((value % 85) + 33));
      value = Math.floor(value / 85);
    }
    out += digits.slice(0, n + 1).join('');
  }
  return `${out}~>`;
}

/** A one-page PDF whose content stream is encoded by `filters` (outermost first, as /Filter lists them). */
export function pdfWithStream(filters: string[], encoded: Uint8Array | string): Uint8Array {
  const data = typeof encoded === 'string' ? encoded : Buffer.from(encoded).toString('latin1');
  return Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Length ${data.length} /Filter [${filters.map((f) => `/${f}`).join(' ')}] >>\nstream\n${data}\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}
