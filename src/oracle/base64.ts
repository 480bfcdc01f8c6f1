/**
 * Base64 and base64url runs. Long ones are files: JSON APIs that return the file itself
 * (`{"contenu":"JVBERi0…"}`), HTML previews (`<img src="data:image/png;base64,…">`). Short ones
 * are values: a JWT payload (`eyJlbWFpbCI6…`), an id or cursor that encodes an e-mail or a
 * canary. A hand-written single pass, because a `[A-Za-z0-9+/]{N,}` regex retried at every
 * position is quadratic on long alphanumeric text.
 */
/** A run this long is a nested body (a file); shorter ones are decoded as text values. */
export const FILE_RUN = 128;
/** The base64 of the shortest marker worth finding (a 15-byte e-mail is 20 characters). */
const MIN_RUN = 20;

/** 1 for the base64 and base64url alphabets, 2 for CR/LF (tolerated inside a run); a table because
 * this loop visits every character of every body. */
const CLASS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') CLASS[c.charCodeAt(0)] = 1;
CLASS[0x0a] = 2;
CLASS[0x0d] = 2;

/** Runs of at least `minRun` base64 or base64url characters; line breaks inside are tolerated
 * (MIME, PEM wrap at 64/76 columns), a dot ends a run (the three parts of a JWT). `\/` is assumed
 * already unescaped by the JSON view. */
export function base64Runs(text: string, minRun = MIN_RUN): string[] {
  const runs: string[] = [];
  let start = -1;
  let count = 0;
  const flush = (end: number): void => {
    if (start !== -1 && count >= minRun && (count >= FILE_RUN || encodesAscii(text, start, end))) runs.push(text.slice(start, end));
    start = -1;
    count = 0;
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? (CLASS[c] ?? 0) : 0;
    if (cls === 1) {
      if (start === -1) start = i;
      count++;
    } else if (cls === 2 && start !== -1) {
      continue;
    } else if (c === 0x3d /* = */ && start !== -1) {
      // padding ends a run
      flush(i + (text.charCodeAt(i + 1) === 0x3d ? 2 : 1));
    } else {
      flush(i);
    }
  }
  flush(text.length);
  return runs;
}

/**
 * Whether a short run can be the base64 of ASCII text: a byte below 0x80 puts the first character
 * of its 4-character group in `A-Za-f`. Random ids and tokens fail this on about half of their
 * groups, so most are skipped without being decoded (a JSON listing carries thousands of them).
 */
function encodesAscii(text: string, start: number, end: number): boolean {
  let groups = 0;
  let other = 0;
  for (let i = start; i < end; i += 4) {
    const c = text.charCodeAt(i);
    groups++;
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x66))) other++;
  }
  // One group in eight may hold a byte of UTF-8 (an accented name).
  return other * 8 <= groups;
}

/** Decoded bytes, or undefined when the run is an identifier or hex rather than base64. Node's
 * decoder reads both alphabets. */
export function decodeBase64Run(run: string): Buffer | undefined {
  const compact = run.includes('\n') || run.includes('\r') ? run.replace(/[\r\n]/g, '') : run;
  if (/^[0-9a-fA-F]+$/.test(compact)) return undefined; // hex dump or hash list, not base64
  if (compact.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(compact, 'base64');
}

/** Text a short run decodes to, or undefined for random bytes (ids, hashes, signatures): a few
 * control characters give those away quickly. */
export function decodedText(bytes: Buffer): string | undefined {
  let control = 0;
  const allowed = Math.floor(bytes.length / 16);
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) if (++control > allowed) return undefined;
  return bytes.toString('latin1');
}
