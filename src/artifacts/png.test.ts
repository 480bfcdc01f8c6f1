import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font5x7';
import { PNG_CANARY_KEYWORD, PNG_SIGNATURE, PNG_TEXT_LAYOUT, crc32, makePng } from './png';

interface Chunk { type: string; data: Buffer }

/** A minimal, independent PNG reader: signature, chunk framing and CRCs (checked with zlib's crc32). */
function readChunks(png: Uint8Array): Chunk[] {
  const buf = Buffer.from(png);
  expect(buf.subarray(0, 8).equals(Buffer.from(PNG_SIGNATURE))).toBe(true);
  expect([...buf.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks: Chunk[] = [];
  let off = 8;
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    expect(buf.readUInt32BE(off + 8 + len), `CRC of ${type}`).toBe(zlibCrc32(buf.subarray(off + 4, off + 8 + len)));
    chunks.push({ type, data });
    off += 12 + len;
  }
  expect(off).toBe(buf.length);
  return chunks;
}

function decode(png: Uint8Array): { width: number; height: number; rgb: (x: number, y: number) => number[]; text: Map<string, string> } {
  const chunks = readChunks(png);
  expect(chunks[0]?.type).toBe('IHDR');
  expect(chunks.at(-1)?.type).toBe('IEND');
  const ihdr = chunks[0]?.data ?? Buffer.alloc(13);
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect([...ihdr.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const channels = 3;
  expect(raw).toHaveLength(height * (width * channels + 1));
  for (let y = 0; y < height; y++) expect(raw[y * (width * channels + 1)]).toBe(0);
  const text = new Map<string, string>();
  for (const c of chunks.filter((x) => x.type === 'tEXt')) {
    const nul = c.data.indexOf(0);
    text.set(c.data.toString('latin1', 0, nul), c.data.toString('latin1', nul + 1));
  }
  const rgb = (x: number, y: number): number[] => {
    const i = y * (width * channels + 1) + 1 + x * channels;
    return [raw[i] ?? 0, raw[i + 1] ?? 0, raw[i + 2] ?? 0];
  };
  return { width, height, rgb, text };
}

/** Reads a line of text back from the pixels by matching every cell against the font. */
function ocrLine(img: ReturnType<typeof decode>, line: number, length: number): string {
  const { scale, textLeft, textTop, lineHeight } = PNG_TEXT_LAYOUT;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,:/\'()*<>+=?';
  let out = '';
  for (let i = 0; i < length; i++) {
    const x0 = textLeft + i * (GLYPH_WIDTH + 1) * scale;
    const y0 = textTop + line * lineHeight;
    const cell = Array.from({ length: GLYPH_HEIGHT }, (_, ry) =>
      Array.from({ length: GLYPH_WIDTH }, (_, rx) => (img.rgb(x0 + rx * scale, y0 + ry * scale)[0] ?? 255) < 100),
    );
    out += [...alphabet].find((ch) => JSON.stringify(glyph(ch)) === JSON.stringify(cell)) ?? '~';
  }
  return out;
}

test.describe('makePng', () => {
  const canary = 'CLSN-RUN1-U075A-2';
  const lines = ['REPUBLIQUE FRANCAISE', "CARTE NATIONALE D'IDENTITE", 'NOM: LE GALL-DUPRÉ', 'PRÉNOM(S): ÉLOÏSE'];

  test('is a well-formed PNG: signature, chunk CRCs, IHDR size, IDAT size', () => {
    const img = decode(makePng({ canary, lines }));
    expect(img.width).toBeGreaterThan(200);
    expect(img.height).toBeGreaterThan(100);
    const fixed = decode(makePng({ canary, lines, width: 640, height: 400 }));
    expect([fixed.width, fixed.height]).toEqual([640, 400]);
  });

  test('carries the canary in a tEXt chunk', () => {
    const img = decode(makePng({ canary, lines }));
    expect(img.text.get(PNG_CANARY_KEYWORD)).toBe(canary);
  });

  test('draws the lines and the canary in its pixels (accents folded)', () => {
    const img = decode(makePng({ canary, lines }));
    expect(ocrLine(img, 0, lines[0]?.length ?? 0)).toBe('REPUBLIQUE FRANCAISE');
    expect(ocrLine(img, 2, 18)).toBe('NOM: LE GALL-DUPRE');
    expect(ocrLine(img, 3, 17)).toBe('PRENOM(S): ELOISE');
    expect(ocrLine(img, lines.length, canary.length)).toBe(canary);
  });

  test('looks like a card: light background and a dark frame', () => {
    const img = decode(makePng({ canary, lines }));
    const bg = img.rgb(img.width - 8, img.height - 8);
    expect(Math.min(...bg)).toBeGreaterThan(200);
    expect(Math.max(...img.rgb(1, Math.floor(img.height / 2)))).toBeLessThan(160);
  });

  test('is deterministic', () => {
    expect(Buffer.from(makePng({ canary, lines })).equals(Buffer.from(makePng({ canary, lines })))).toBe(true);
  });

  test('refuses a size that would cut the canary off', () => {
    expect(() => makePng({ canary, lines, width: 100, height: 400 })).toThrow(/too small/);
  });

  test('crc32 matches the reference value', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
