/**
 * What one run's oracle already knows: the evidence of a body it has scanned (by the SHA-256 it
 * computes anyway, its content type and whether brotli was tried) and of a header value it has
 * scanned. A scan is a pure function of those and the run's markers, and a run receives the
 * same bytes again and again (every owner downloading their file, every refusal the same
 * 403 body, the same `content-type` and `content-security-policy` on every answer): the second
 * time, the answer is the first one's, cuts included, so an answer not read whole stays
 * `unscanned` however often it comes back. One memo per marker index, never shared between runs.
 */
import type { Evidence } from './evidence';

/** The body's part of a scan: its evidence, and what it could not read. */
export interface BodyScan {
  evidence: readonly Evidence[];
  cuts: readonly string[];
  notes: readonly string[];
  inflatedBytes: number;
}

/** Evidence of one header value, its location left to the header that carries it. */
export type ValueEvidence = Omit<Evidence, 'location'>;

/** Bounds: a few thousand distinct bodies and values cover a scan; the oldest go first. A large
 * population's listings each hold hundreds of markers, so the evidence kept is bounded too. */
const MAX_BODIES = 4096;
const MAX_EVIDENCE = 100_000;
const MAX_VALUES = 8192;
/** Longer values are scanned every time rather than kept. */
const MAX_VALUE_LENGTH = 1024;

export class ScanMemo {
  private readonly bodies = new Map<string, BodyScan>();
  private evidenceKept = 0;
  private readonly values = new Map<string, readonly ValueEvidence[]>();

  body(key: string): BodyScan | undefined {
    const known = this.bodies.get(key);
    return known && { evidence: known.evidence.map((e) => ({ ...e })), cuts: [...known.cuts], notes: [...known.notes], inflatedBytes: known.inflatedBytes };
  }

  rememberBody(key: string, scan: BodyScan): void {
    if (scan.evidence.length > MAX_EVIDENCE || this.bodies.has(key)) return;
    while (this.bodies.size >= MAX_BODIES || this.evidenceKept + scan.evidence.length > MAX_EVIDENCE) {
      const [oldest, dropped] = this.bodies.entries().next().value as [string, BodyScan];
      this.bodies.delete(oldest);
      this.evidenceKept -= dropped.evidence.length;
    }
    this.bodies.set(key, { evidence: scan.evidence.map((e) => ({ ...e })), cuts: [...scan.cuts], notes: [...scan.notes], inflatedBytes: scan.inflatedBytes });
    this.evidenceKept += scan.evidence.length;
  }

  value(value: string): readonly ValueEvidence[] | undefined {
    return this.values.get(value);
  }

  rememberValue(value: string, evidence: readonly ValueEvidence[]): void {
    if (value.length > MAX_VALUE_LENGTH) return;
    if (this.values.size >= MAX_VALUES) this.values.delete(this.values.keys().next().value as string);
    this.values.set(value, evidence.map((e) => ({ ...e })));
  }
}
