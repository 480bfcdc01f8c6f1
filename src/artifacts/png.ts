import { deflateSync } from 'node:zlib';
import { Raster, textLineHeight, textWidth, type Rgb } from './raster';

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
/** tEXt keyword holding the canary: a metadata copy the oracle finds without OCR. */
export const PNG_CANARY_KEYWORD = 'cloison-canary';
/** tEXt keyword holding the content marker, which no title or file name carries. */
export const PNG_CONTENT_KEYWORD = 'cloison-content';

export interface PngInput {
  canary: string;
  /** Kept in the file only (a tEXt chunk): the canary is the part a file name may repeat. */
  contentMarker?: string;
  /** Text printed on the card, top to bottom; the canary is printed after them. */
  lines: string[];
  /** Defaults to the smallest size that fits the text. */
  width?: number;
  height?: number;
}

const SCALE = 2;
const MARGIN = 16;
const BAND = 10;
const PHOTO = { w: 72, h: 92 };

/** Where text lands (line i starts at textLeft, textTop + i * lineHeight): lets tests read pixels back. */
export const PNG_TEXT_LAYOUT = {
  scale: SCALE,
  textLeft: MARGIN + PHOTO.w + MARGIN,
  textTop: BAND + MARGIN,
  lineHeight: textLineHeight(SCALE),
} as const;
const PAPER: Rgb = [236, 242, 248];
const INK: Rgb = [28, 36, 64];
const FRAME: Rgb = [60, 84, 140];
const PHOTO_GREY: Rgb = [196, 200, 206];
const BLUE: Rgb = [0, 35, 149];
const WHITE: Rgb = [255, 255, 255];
const RED: Rgb = [237, 41, 57];

/**
 * A PNG that looks like a scanned identity card: tricolour band, photo placeholder, the lines and
 * the canary drawn in pixels (what a human or a screenshot sees), plus the canary in a tEXt chunk
 * (what a byte scan sees). Deterministic: no timestamps, fixed zlib level. Level 6, not 9: on these
 * flat images level 9 tripled generation time for ~10% fewer bytes. The bytes depend on the zlib
 * bundled with Node, so shards that compare SHA-256s must run the same Node version.
 */
export function makePng(input: PngInput): Uint8Array {
  const { textLeft, textTop, lineHeight: lh } = PNG_TEXT_LAYOUT;
  const all = [...input.lines, input.canary];
  const needW = textLeft + Math.max(...all.map((l) => textWidth(l, SCALE))) + MARGIN;
  const needH = textTop + Math.max(PHOTO.h, all.length * lh) + MARGIN;
  const width = input.width ?? needW;
  const height = input.height ?? needH;
  // A canary cut off at the edge would be a document that silently proves nothing.
  if (width < needW || height < needH) {
    throw new Error(`makePng: ${width}x${height} is too small for the text (needs ${needW}x${needH})`);
  }

  const r = new Raster(width, height, PAPER);
  const third = Math.floor(width / 3);
  r.fill(0, 0, third, BAND, BLUE);
  r.fill(third, 0, third, BAND, WHITE);
  r.fill(2 * third, 0, width - 2 * third, BAND, RED);
  r.frame(0, 0, width, height, 3, FRAME);
  r.fill(MARGIN, textTop, PHOTO.w, PHOTO.h, PHOTO_GREY);
  r.frame(MARGIN, textTop, PHOTO.w, PHOTO.h, 1, FRAME);
  all.forEach((line, i) => r.text(textLeft, textTop + i * lh, line, SCALE, INK));
  return encodePng(r, { [PNG_CANARY_KEYWORD]: input.canary, ...(input.contentMarker ? { [PNG_CONTENT_KEYWORD]: input.contentMarker } : {}), Software: 'cloison' });
}

/** Encodes an RGB raster as an 8-bit truecolour, non-interlaced PNG with tEXt chunks. */
export function encodePng(r: Raster, text: Record<string, string>): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(r.width, 0);
  ihdr.writeUInt32BE(r.height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, filter 0, no interlace

  const stride = r.width * 3;
  const raw = Buffer.alloc((stride + 1) * r.height);
  for (let y = 0; y < r.height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None: simplest, and output stays byte-stable
    raw.set(r.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }

  const chunks = [chunk('IHDR', ihdr)];
  for (const [keyword, value] of Object.entries(text)) {
    chunks.push(chunk('tEXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.of(0), Buffer.from(value, 'latin1')])));
  }
  chunks.push(chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0)));
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, ...chunks]));
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  // The CRC covers type and data, not the length.
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309), as PNG chunks require. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
