/**
 * Release-to-release comparison of two findings files, by root cause first (route template × kind
 * of access, src/findings/root-cause.ts) with the findings that prove each one beneath, and a
 * baseline of accepted root causes. A baseline entry needs a reason and an expiry date; an expired
 * entry fails the gate (an acceptance is a decision with a deadline, not a way to forget a leak).
 * Baselines written before root causes list finding ids: a root cause is accepted when every
 * finding beneath it is.
 */
import { isExpired, type Acceptance } from '../findings/baseline';
import { rootCausesOf, type RootCause } from '../findings/root-cause';

/** What compare needs of a finding (findings.json groups carry more). */
export interface ComparedFinding {
  id: string;
  check: string;
  verdict: string;
  severity: string;
  title: string;
  routeTemplate: string;
  vector?: string;
  channel?: string;
  attacker?: { key?: string; role?: string; relationship?: string };
  instanceCount?: number;
  instances?: { attacker?: { key?: string; role?: string; relationship?: string }; victim?: { key?: string }; evidence?: { ownerKey?: string }[] }[];
}

export interface ComparedReport {
  run?: Record<string, unknown>;
  findings: ComparedFinding[];
}

/** One root cause with the findings beneath it; `newFindings` were not in the previous report. */
export interface ComparedCause {
  cause: RootCause;
  findings: ComparedFinding[];
  newFindings: ComparedFinding[];
  /** Relationship classes that get through now and did not before. */
  newRelationships: string[];
}

export interface Comparison {
  fixed: ComparedCause[];
  /** New root causes, not accepted: these fail the gate. */
  new: ComparedCause[];
  /** Present before, but now another class of people gets through (not accepted): fails too. */
  widened: ComparedCause[];
  stillPresent: ComparedCause[];
  /** New or present, covered by valid acceptances (its own id, or every finding beneath). */
  accepted: { entry: ComparedCause; acceptances: Acceptance[] }[];
  expired: Acceptance[];
  /** Gate outcome: false when anything is new or widened (unaccepted) or an acceptance has expired. */
  passed: boolean;
}

/** Root causes of a report with their findings, recomputed from the findings so that files of
 * every version agree on the ids. */
export function causesOf(report: ComparedReport): Map<string, { cause: RootCause; findings: ComparedFinding[] }> {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  return new Map(
    rootCausesOf(report.findings).map((cause) => [cause.id, { cause, findings: cause.findings.map((id) => byId.get(id)).filter((f): f is ComparedFinding => !!f) }]),
  );
}

export function compareReports(previous: ComparedReport, current: ComparedReport, baseline: readonly Acceptance[] = [], today = new Date()): Comparison {
  const before = causesOf(previous);
  const now = causesOf(current);
  const previousFindings = new Set(previous.findings.map((f) => f.id));
  const valid = new Map(baseline.filter((a) => !isExpired(a, today)).map((a) => [a.id, a]));
  const expired = baseline.filter((a) => isExpired(a, today));
  const fixed = [...before.values()].filter((c) => !now.has(c.cause.id)).map((c) => ({ ...c, newFindings: [], newRelationships: [] }));
  const result: Comparison = { fixed, new: [], widened: [], stillPresent: [], accepted: [], expired, passed: false };
  for (const { cause, findings } of now.values()) {
    const old = before.get(cause.id);
    const entry: ComparedCause = {
      cause,
      findings,
      newFindings: findings.filter((f) => !previousFindings.has(f.id)),
      newRelationships: old ? cause.relationships.filter((r) => !old.cause.relationships.includes(r)) : [],
    };
    const acceptances = acceptancesOf(entry, valid);
    if (acceptances) result.accepted.push({ entry, acceptances });
    else if (!old) result.new.push(entry);
    else if (entry.newRelationships.length) result.widened.push(entry);
    else result.stillPresent.push(entry);
  }
  result.passed = result.new.length === 0 && result.widened.length === 0 && expired.length === 0;
  return result;
}

function acceptancesOf(entry: ComparedCause, valid: ReadonlyMap<string, Acceptance>): Acceptance[] | undefined {
  const own = valid.get(entry.cause.id);
  if (own) return [own];
  const each = entry.findings.map((f) => valid.get(f.id));
  return each.length > 0 && each.every((a): a is Acceptance => !!a) ? [...new Set(each)] : undefined;
}

export function formatComparison(c: Comparison, labels: { previous: string; current: string }): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const finding = (f: ComparedFinding): string =>
    `        ${f.id}  [${f.verdict}/${f.severity}] ${f.check}${f.vector ? ` (${f.vector})` : ''}: ${f.title}${f.instanceCount && f.instanceCount > 1 ? ` (×${f.instanceCount})` : ''}`;
  const cause = (e: ComparedCause, beneath: 'all' | 'new'): string[] => {
    const k = e.cause;
    const shown = beneath === 'all' ? e.findings : e.newFindings;
    return [
      `  ${k.id}  [${k.verdict}/${k.severity}] ${k.access} ${k.routeTemplate} — ${plural(e.findings.length, 'finding')}, ${plural(k.instanceCount, 'instance')}`,
      `      got through: ${k.relationships.join(', ') || '—'}${e.newRelationships.length ? ` (new: ${e.newRelationships.join(', ')})` : ''}`,
      `      checks: ${k.checks.join(', ')}; vectors: ${k.vectors.join(', ') || '—'}`,
      ...(shown.length ? [`      findings beneath${beneath === 'new' ? ' (new since the previous report)' : ''}:`, ...shown.map(finding)] : []),
    ];
  };
  const section = (title: string, list: ComparedCause[], beneath: 'all' | 'new'): string[] => [`${title} (${list.length})${list.length ? '' : ': none'}`, ...list.flatMap((e) => cause(e, beneath))];
  const out: string[] = [`cloison compare: ${labels.previous} → ${labels.current}`];
  out.push(...section('NEW ROOT CAUSES', c.new, 'all'));
  out.push(...section('WIDENED ROOT CAUSES', c.widened, 'all'));
  out.push(...section('FIXED ROOT CAUSES', c.fixed, 'all'));
  out.push(...section('STILL PRESENT', c.stillPresent, 'new'));
  if (c.accepted.length) {
    out.push(`ACCEPTED (${c.accepted.length})`);
    for (const a of c.accepted) out.push(...cause(a.entry, 'new'), ...a.acceptances.map((x) => `      accepted (${x.id}) until ${x.expires}: ${x.reason}`));
  }
  if (c.expired.length) out.push(`EXPIRED ACCEPTANCES (${c.expired.length}): renew or remove them`, ...c.expired.map((a) => `  ${a.id} expired ${a.expires}: ${a.reason}`));
  const failing = [...c.new, ...c.widened];
  const findings = failing.reduce((n, e) => n + e.findings.length, 0);
  const reasons = [
    ...(c.new.length ? [`${plural(c.new.length, 'new root cause')}`] : []),
    ...(c.widened.length ? [`${plural(c.widened.length, 'widened root cause')}`] : []),
  ];
  out.push(
    c.passed
      ? 'PASS: no new root cause.'
      : `FAIL: ${[...(reasons.length ? [`${reasons.join(', ')} (${plural(findings, 'finding')} beneath)`] : []), ...(c.expired.length ? [plural(c.expired.length, 'expired acceptance')] : [])].join(', ')}.`,
  );
  return out.join('\n');
}
