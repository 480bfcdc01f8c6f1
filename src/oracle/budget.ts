/**
 * Per-response work limits. A scan runs on every response of every session, and a hostile or
 * broken portal can serve a zip bomb or a 1:1000 gzip: the oracle must stay bounded and say so
 * (`cuts`: each part left unread and the limit hit) rather than hang the suite or silently skip;
 * the judge turns any cut into an `unscanned` finding.
 */
import zlib from 'node:zlib';

export interface ScanLimits {
  /** Total bytes produced by every decompression of one response (gzip, PDF streams, zip entries, base64). */
  maxInflatedBytes: number;
  /** Nesting of containers: gzip → zip → zip → pdf is depth 3. */
  maxDepth: number;
  /** Zip nesting specifically (a zip inside a zip is level 2). */
  maxZipDepth: number;
  maxZipEntries: number;
  /** PDF streams inflated per document. */
  maxPdfStreams: number;
}

export const DEFAULT_LIMITS: ScanLimits = {
  maxInflatedBytes: 50 * 1024 * 1024,
  maxDepth: 4,
  maxZipDepth: 2,
  maxZipEntries: 2000,
  maxPdfStreams: 2000,
};

export type Codec = 'gzip' | 'zlib' | 'deflate-raw' | 'brotli';

export class ScanBudget {
  private used = 0;
  /** Every part of the response left unread, and why (the limit hit): not empty means the
   * absence of evidence proves nothing. */
  readonly cuts: string[] = [];
  /** Things read another way than planned (a corrupt archive scanned as plain bytes). */
  readonly notes: string[] = [];

  constructor(readonly limits: ScanLimits) {}

  get inflatedBytes(): number {
    return this.used;
  }

  remaining(): number {
    return Math.max(0, this.limits.maxInflatedBytes - this.used);
  }

  /** Accounts bytes produced outside `decompress` (base64 decoding, fflate entries). */
  take(bytes: number, what: string): boolean {
    if (bytes > this.remaining()) {
      this.cut(`${what}: ${bytes} bytes exceed the remaining inflate budget`);
      return false;
    }
    this.used += bytes;
    return true;
  }

  /** Part of the response was not read. */
  cut(message: string): void {
    if (this.cuts.length < 20) this.cuts.push(message);
  }

  note(message: string): void {
    if (this.notes.length < 20) this.notes.push(message);
  }

  /** Decompresses within the budget; undefined when the data is not of that codec or too big. */
  decompress(codec: Codec, data: Uint8Array, what: string): Buffer | undefined {
    const remaining = this.remaining();
    if (remaining === 0) {
      this.cut(`${what}: inflate budget exhausted`);
      return undefined;
    }
    // maxOutputLength makes zlib stop instead of allocating a bomb's full output.
    // Z_SYNC_FLUSH returns what a truncated stream (a PDF with a wrong /Length) did contain.
    const options = { maxOutputLength: remaining, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    try {
      const out =
        codec === 'gzip' ? zlib.gunzipSync(data, options)
        : codec === 'zlib' ? zlib.inflateSync(data, options)
        : codec === 'deflate-raw' ? zlib.inflateRawSync(data, options)
        : zlib.brotliDecompressSync(data, { maxOutputLength: remaining });
      this.used += out.length;
      return out;
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        this.cut(`${what}: ${codec} output exceeds the inflate budget (${remaining} bytes left)`);
      }
      return undefined;
    }
  }
}
