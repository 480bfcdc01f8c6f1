/**
 * A body as a human would read it, for excerpts: decompressed if it arrived compressed, UTF-8 when
 * it is valid UTF-8, latin1 otherwise (never throws, never loses a byte).
 */
import { isUtf8 } from 'node:buffer';
import zlib from 'node:zlib';
import { sniffFormat } from './sniff';
import { bytesToText } from './text-views';

const MAX_READABLE = 8 * 1024 * 1024;

export function readableText(body: Uint8Array, contentType?: string): string {
  let bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const format = sniffFormat(bytes);
  if (format === 'gzip' || format === 'zlib') {
    try {
      const options = { maxOutputLength: MAX_READABLE, finishFlush: zlib.constants.Z_SYNC_FLUSH };
      bytes = format === 'gzip' ? zlib.gunzipSync(bytes, options) : zlib.inflateSync(bytes, options);
    } catch {
      // too big or not compressed after all: show the bytes as they are
    }
  }
  const head = bytes.subarray(0, MAX_READABLE);
  return isUtf8(head) ? head.toString('utf8') : bytesToText(head, contentType);
}
