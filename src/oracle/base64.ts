/**
 * Long base64 runs: JSON APIs that return the file itself (`{"contenu":"JVBERi0…"}`) and HTML
 * previews (`<img src="data:image/png;base64,…">`). The document inside is another body to scan.
 * A hand-written single pass, because a `[A-Za-z0-9+/]{N,}` regex retried at every position is
 * quadratic on long alphanumeric text.
 */
const MIN_RUN = 128;

/** 1 for the base64 alphabet, 2 for CR/LF (tolerated inside a run); a table because this loop
 * visits every character of every body. */
const CLASS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') CLASS[c.charCodeAt(0)] = 1;
CLASS[0x0a] = 2;
CLASS[0x0d] = 2;

/** Runs of at least `minRun` base64 characters; line breaks inside are tolerated (MIME, PEM wrap
 * at 64/76 columns). `\/` is assumed already unescaped by the JSON view. */
export function base64Runs(text: string, minRun = MIN_RUN): string[] {
  const runs: string[] = [];
  let start = -1;
  let count = 0;
  const flush = (end: number): void => {
    if (start !== -1 && count >= minRun) runs.push(text.slice(start, end));
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

/** Decoded bytes, or undefined when the run is an identifier or hex rather than base64. */
export function decodeBase64Run(run: string): Buffer | undefined {
  const compact = run.replace(/[\r\n]/g, '');
  if (/^[0-9a-fA-F]+$/.test(compact)) return undefined; // hex dump or hash list, not base64
  if (compact.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(compact, 'base64');
}
