/**
 * What a body really is, from its magic bytes. Headers are not trusted: Playwright hands over
 * bodies already decoded while `content-encoding` still says gzip, and a portal may serve a
 * `.gz` export as `application/octet-stream`.
 */
export type BodyFormat = 'gzip' | 'zlib' | 'pdf' | 'png' | 'zip' | 'unknown';

export function sniffFormat(bytes: Uint8Array): BodyFormat {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === undefined || b1 === undefined) return 'unknown';
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  if (b0 === 0x89 && b1 === 0x50 && b2 === 0x4e && b3 === 0x47) return 'png';
  // Local file header, or the end-of-central-directory record of an empty archive.
  if (b0 === 0x50 && b1 === 0x4b && ((b2 === 0x03 && b3 === 0x04) || (b2 === 0x05 && b3 === 0x06))) return 'zip';
  if (isPdf(bytes)) return 'pdf';
  // zlib header: deflate method, window ≤ 32K, and the FCHECK checksum. `x^` or `x\x9c` can
  // begin a text body too; a failed inflate then falls back to scanning the bytes as they are.
  if ((b0 & 0x0f) === 8 && b0 >> 4 <= 7 && ((b0 << 8) | b1) % 31 === 0) return 'zlib';
  return 'unknown';
}

/** Readers accept `%PDF-` anywhere in the first KiB (leading junk is common in generated PDFs). */
function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024));
  return head.indexOf('%PDF-', 0, 'latin1') !== -1;
}
