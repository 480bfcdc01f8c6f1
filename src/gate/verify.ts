/**
 * Fix verification, the pure part: which tests to re-run for a set of previous findings, and what
 * the re-run says about each finding. A finding is FIXED only when every test that found it ran
 * again, passed (its positive controls included: the owner still reaches the route) and did not
 * report the finding; STILL PRESENT when the re-run reports its id; otherwise INCONCLUSIVE (a test
 * that did not run or failed for another reason proves nothing: fail closed). A root cause is
 * FIXED when every finding beneath it is, STILL PRESENT when any is, INCONCLUSIVE otherwise; ids
 * given on the command line may be root cause ids or finding ids.
 */
import { rootCausesOf, type RootCause } from '../findings/root-cause';

export interface VerifyTarget {
  id: string;
  check: string;
  title: string;
  /** Full titles as the findings reporter records them: `project › file › describe › test`. */
  tests: { title: string; file?: string }[];
}

interface PreviousFinding {
  id: string;
  check: string;
  title: string;
  routeTemplate?: string;
  verdict?: string;
  severity?: string;
  instances?: { test?: { title: string; file?: string }; attacker?: { relationship?: string; role?: string } }[];
}

/** Root causes of the previous report (findings of very old files without a route are left out). */
export function previousRootCauses(findings: readonly PreviousFinding[]): RootCause[] {
  return rootCausesOf(
    findings.flatMap((f) => (f.routeTemplate === undefined ? [] : [{ ...f, routeTemplate: f.routeTemplate, verdict: f.verdict ?? 'leak', severity: f.severity ?? 'low' }])),
  );
}

export function targetsOf(findings: readonly PreviousFinding[], ids: readonly string[]): VerifyTarget[] {
  const causes = new Map(previousRootCauses(findings).map((c) => [c.id, c.findings]));
  const expanded = ids.flatMap((id) => causes.get(id) ?? [id]);
  const wanted = expanded.length ? new Set(expanded) : undefined;
  const unknown = expanded.filter((id) => !findings.some((f) => f.id === id));
  if (unknown.length) throw new Error(`root cause or finding id(s) not in the previous report: ${unknown.join(', ')}`);
  return findings
    .filter((f) => !wanted || wanted.has(f.id))
    .map((f) => {
      const tests = new Map<string, { title: string; file?: string }>();
      for (const instance of f.instances ?? []) if (instance.test) tests.set(instance.test.title, instance.test);
      if (tests.size === 0) throw new Error(`finding ${f.id} records no test: re-run the full scan instead`);
      return { id: f.id, check: f.check, title: f.title, tests: [...tests.values()] };
    });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Playwright matches --grep against the title path joined by spaces (file, describes, title); the
 * recorded title is `project › file › describe › test`, so the project is dropped. The whole
 * describe of each test is re-run: it is one route, and its owner tests hold the positive controls
 * of tests that have none of their own (walking neighbour ids).
 */
export function grepFor(targets: readonly VerifyTarget[]): string {
  const groups = new Set(targets.flatMap((t) => t.tests.map((test) => describeOf(test.title).split(' › ').slice(1).join(' '))));
  return [...groups].map((group) => `${escapeRegExp(group)} `).join('|');
}

/** `project › file › describe › test` → `project › file › describe`. */
function describeOf(title: string): string {
  const parts = title.split(' › ');
  return parts.length > 2 ? parts.slice(0, -1).join(' › ') : title;
}

export function filesOf(targets: readonly VerifyTarget[]): string[] {
  return [...new Set(targets.flatMap((t) => t.tests.flatMap((test) => (test.file ? [test.file] : []))))].sort();
}

export interface RerunTest {
  /** `project › file › describe › test`, as recorded in findings. */
  title: string;
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  /** Titles of the test's steps that are positive controls. */
  positiveControls: string[];
}

export interface RerunFinding {
  id: string;
  instances: { method: string; url: string; status?: number; evidence: { kind: string; value: string; ownerKey: string; location: string }[] }[];
}

export type VerifyOutcome =
  | { id: string; title: string; status: 'fixed'; positiveControls: string[]; tests: string[] }
  | { id: string; title: string; status: 'still-present'; evidence: string[] }
  | { id: string; title: string; status: 'inconclusive'; reason: string };

export function judgeFix(target: VerifyTarget, rerunTests: readonly RerunTest[], rerunFindings: readonly RerunFinding[]): VerifyOutcome {
  const again = rerunFindings.find((f) => f.id === target.id);
  if (again) {
    const evidence = again.instances.slice(0, 5).map((i) => {
      const marks = i.evidence.slice(0, 3).map((e) => `${e.kind} ${e.value} of ${e.ownerKey} in ${e.location}`).join('; ');
      return `${i.method} ${i.url} → ${i.status ?? '?'}${marks ? `: ${marks}` : ''}`;
    });
    return { id: target.id, title: target.title, status: 'still-present', evidence };
  }
  const ran = target.tests.map((t) => ({ wanted: t.title, run: rerunTests.find((r) => r.title === t.title) }));
  const missing = ran.filter((r) => !r.run).map((r) => r.wanted);
  if (missing.length) return { id: target.id, title: target.title, status: 'inconclusive', reason: `did not run: ${missing.join('; ')}` };
  const failed = ran.filter((r) => r.run?.status !== 'passed');
  if (failed.length) return { id: target.id, title: target.title, status: 'inconclusive', reason: `not passed (${failed.map((r) => `${r.wanted}: ${r.run?.status}`).join('; ')})` };
  let positiveControls = ran.flatMap((r) => r.run?.positiveControls ?? []);
  if (positiveControls.length === 0) {
    // Tests without controls of their own lean on their route's owner tests (same describe), passed.
    const groups = new Set(target.tests.map((t) => describeOf(t.title)));
    positiveControls = rerunTests.filter((r) => r.status === 'passed' && groups.has(describeOf(r.title))).flatMap((r) => r.positiveControls);
  }
  if (positiveControls.length === 0) return { id: target.id, title: target.title, status: 'inconclusive', reason: 'no positive control ran: the route may simply be broken for everyone' };
  return { id: target.id, title: target.title, status: 'fixed', positiveControls, tests: ran.map((r) => r.wanted) };
}

export interface RootCauseOutcome {
  id: string;
  routeTemplate: string;
  access: string;
  status: VerifyOutcome['status'];
  findings: VerifyOutcome[];
}

/** Per root cause, from the outcomes of the findings beneath it that were verified. */
export function rootCauseOutcomes(findings: readonly PreviousFinding[], outcomes: readonly VerifyOutcome[]): RootCauseOutcome[] {
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  return previousRootCauses(findings).flatMap((cause) => {
    const beneath = cause.findings.map((id) => byId.get(id)).filter((o): o is VerifyOutcome => !!o);
    if (beneath.length === 0) return [];
    const status: VerifyOutcome['status'] = beneath.some((o) => o.status === 'still-present') ? 'still-present' : beneath.every((o) => o.status === 'fixed') ? 'fixed' : 'inconclusive';
    return [{ id: cause.id, routeTemplate: cause.routeTemplate, access: cause.access, status, findings: beneath }];
  });
}

const LABELS: Record<VerifyOutcome['status'], string> = { fixed: 'FIXED', 'still-present': 'STILL PRESENT', inconclusive: 'INCONCLUSIVE' };

export function formatOutcomes(outcomes: readonly VerifyOutcome[], causes: readonly RootCauseOutcome[] = []): string {
  const lines: string[] = [];
  for (const c of causes) {
    const count = (s: VerifyOutcome['status']): number => c.findings.filter((o) => o.status === s).length;
    lines.push(`ROOT CAUSE ${LABELS[c.status].padEnd(14)} ${c.id}  ${c.access} ${c.routeTemplate} (${count('fixed')} fixed, ${count('still-present')} still present, ${count('inconclusive')} inconclusive beneath)`);
  }
  for (const o of outcomes) {
    if (o.status === 'fixed') {
      lines.push(`FIXED          ${o.id}  ${o.title}`, ...o.positiveControls.slice(0, 4).map((c) => `    positive control passed: ${c}`));
    } else if (o.status === 'still-present') {
      lines.push(`STILL PRESENT  ${o.id}  ${o.title}`, ...o.evidence.map((e) => `    ${e}`));
    } else {
      lines.push(`INCONCLUSIVE   ${o.id}  ${o.title}`, `    ${o.reason}`);
    }
  }
  const count = (s: VerifyOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  const causeCount = (s: VerifyOutcome['status']): number => causes.filter((c) => c.status === s).length;
  const byCause = causes.length ? `root causes: ${causeCount('fixed')} fixed, ${causeCount('still-present')} still present, ${causeCount('inconclusive')} inconclusive; findings: ` : '';
  lines.push(`cloison verify: ${byCause}${count('fixed')} fixed, ${count('still-present')} still present, ${count('inconclusive')} inconclusive.`);
  return lines.join('\n');
}
