/**
 * Release-to-release comparison of two findings files by stable finding id, with a baseline of
 * accepted findings. A baseline entry needs a reason and an expiry date; an expired entry fails
 * the gate (an acceptance is a decision with a deadline, not a way to forget a leak).
 */

/** What compare needs of a finding (findings.json groups carry more). */
export interface ComparedFinding {
  id: string;
  check: string;
  verdict: string;
  severity: string;
  title: string;
  vector?: string;
  instanceCount?: number;
}

export interface ComparedReport {
  run?: Record<string, unknown>;
  findings: ComparedFinding[];
}

export interface Acceptance {
  id: string;
  reason: string;
  /** YYYY-MM-DD, last day the acceptance holds. */
  expires: string;
}

export interface Comparison {
  fixed: ComparedFinding[];
  /** New since the previous report and not accepted: these fail the gate. */
  new: ComparedFinding[];
  stillPresent: ComparedFinding[];
  /** New or present, covered by a valid acceptance. */
  accepted: { finding: ComparedFinding; acceptance: Acceptance }[];
  expired: Acceptance[];
  /** Gate outcome: false when anything is new (unaccepted) or an acceptance has expired. */
  passed: boolean;
}

export class BaselineError extends Error {}

/** Parses a baseline file's content ({ accepted: [...] } or a bare array), strictly. */
export function parseBaseline(raw: unknown, source = 'baseline'): Acceptance[] {
  const list = Array.isArray(raw) ? raw : (raw as { accepted?: unknown } | null)?.accepted;
  if (!Array.isArray(list)) throw new BaselineError(`${source}: expected { "accepted": [ { "id", "reason", "expires" } ] }`);
  return list.map((entry: unknown, index) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const where = `${source}: accepted[${index}]`;
    if (typeof e.id !== 'string' || !/^[0-9a-f]{16}$/.test(e.id)) throw new BaselineError(`${where}.id must be a 16-hex-digit finding id`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 3) throw new BaselineError(`${where} (${e.id}) needs a reason`);
    if (typeof e.expires !== 'string' || !isDate(e.expires)) throw new BaselineError(`${where} (${e.id}) needs an expiry date "expires": "YYYY-MM-DD"`);
    return { id: e.id, reason: e.reason.trim(), expires: e.expires };
  });
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** An acceptance holds through its expiry day (UTC). */
export function isExpired(acceptance: Acceptance, today: Date): boolean {
  return today.toISOString().slice(0, 10) > acceptance.expires;
}

export function compareReports(previous: ComparedReport, current: ComparedReport, baseline: readonly Acceptance[] = [], today = new Date()): Comparison {
  const before = new Map(previous.findings.map((f) => [f.id, f]));
  const now = new Map(current.findings.map((f) => [f.id, f]));
  const valid = new Map(baseline.filter((a) => !isExpired(a, today)).map((a) => [a.id, a]));
  const expired = baseline.filter((a) => isExpired(a, today));
  const fixed = [...before.values()].filter((f) => !now.has(f.id));
  const stillPresent = [...now.values()].filter((f) => before.has(f.id));
  const accepted: Comparison['accepted'] = [];
  const fresh: ComparedFinding[] = [];
  for (const finding of now.values()) {
    const acceptance = valid.get(finding.id);
    if (acceptance) accepted.push({ finding, acceptance });
    else if (!before.has(finding.id)) fresh.push(finding);
  }
  return { fixed, new: fresh, stillPresent, accepted, expired, passed: fresh.length === 0 && expired.length === 0 };
}

export function formatComparison(c: Comparison, labels: { previous: string; current: string }): string {
  const line = (f: ComparedFinding): string => `  ${f.id}  [${f.verdict}/${f.severity}] ${f.check}${f.vector ? ` (${f.vector})` : ''}: ${f.title}${f.instanceCount && f.instanceCount > 1 ? ` (×${f.instanceCount})` : ''}`;
  const out: string[] = [`cloison compare: ${labels.previous} → ${labels.current}`];
  out.push(`NEW (${c.new.length})${c.new.length ? '' : ': none'}`, ...c.new.map(line));
  out.push(`FIXED (${c.fixed.length})${c.fixed.length ? '' : ': none'}`, ...c.fixed.map(line));
  out.push(`STILL PRESENT (${c.stillPresent.length})${c.stillPresent.length ? '' : ': none'}`, ...c.stillPresent.map(line));
  if (c.accepted.length) out.push(`ACCEPTED (${c.accepted.length})`, ...c.accepted.map((a) => `${line(a.finding)}\n      accepted until ${a.acceptance.expires}: ${a.acceptance.reason}`));
  if (c.expired.length) out.push(`EXPIRED ACCEPTANCES (${c.expired.length}): renew or remove them`, ...c.expired.map((a) => `  ${a.id} expired ${a.expires}: ${a.reason}`));
  out.push(c.passed ? 'PASS: nothing new.' : `FAIL: ${c.new.length} new finding(s)${c.expired.length ? `, ${c.expired.length} expired acceptance(s)` : ''}.`);
  return out.join('\n');
}
