/**
 * The flaw matrix's judgement of one run, the pure part (scripts/flaw-matrix.ts runs the suite).
 * A flaw is CAUGHT only when every check its catalog entry names fired, the scan said "findings"
 * (exit 1) and no other test failed for another reason; a secure run is clean only when its
 * verdict is clean (exit 0: every declared test ran or is not applicable) with 0 findings, and it
 * ran at least the tests and probes expected of that target (a run that checked nothing is not
 * clean).
 *
 * Flaws whose footprints are disjoint (src/gate/footprint.ts) may run together in one scan
 * (judgeGroup): each is CAUGHT on the findings its footprint alone explains; anything the group
 * cannot attribute makes the group's rows ERROR, and the matrix runs them alone.
 */
import { isKnownCheck, isKnownFamily } from '../checks/check-ids';
import type { RunVerdict } from '../report/verdict';
import { attribute, describeFindings, footprintProblems, type Footprint } from './footprint';

/** What the matrix needs of a catalog entry, whichever target it belongs to. */
export interface MatrixFlaw {
  id: string;
  caughtBy: string;
  checks: readonly string[];
  /** Where its findings can appear; without it, the flaw always runs alone. */
  footprint?: Footprint;
}

/** What a secure run of a target must at least have done (from its last measured secure run). */
export interface SecureFloor {
  tests: number;
  probes: number;
}

/** What the matrix reads of a run's findings.json. */
export interface RunRecord {
  /** `unscanned` is absent from records written before it was counted. */
  summary: { findings: number; suspicious: number; unscanned?: number; tests: number };
  findings: { check: string; routeTemplate?: string; verdict?: string }[];
  run: { verdict?: RunVerdict; counts?: { probes?: { total: number }; budget?: { max: number; skipped: { probes: number }[] } } };
}

export type RowVerdict = 'clean' | 'CAUGHT' | 'MISSED' | 'PARTLY CAUGHT' | 'CAUGHT, NOT CHECKED' | 'NOT CLEAN' | 'not yet covered' | 'ERROR';

export const FAILING: ReadonlySet<RowVerdict> = new Set(['MISSED', 'PARTLY CAUGHT', 'CAUGHT, NOT CHECKED', 'NOT CLEAN', 'ERROR']);

export interface RowJudgement {
  verdict: RowVerdict;
  /** Checks that fired, sorted. */
  fired: string[];
  /** Checks the catalog names that did not fire. */
  missing: string[];
  findings: number;
  suspicious: number;
  /** Answers the run could not read whole: findings of their own, shown apart from leaks. */
  unscanned: number;
  tests: number;
  probes: number;
  /** Under a probe budget (CLOISON_MAX_PROBES): its size and the planned probes it left out. */
  budget?: { max: number; skipped: number };
  notApplicable: number;
  /** Tests that could not check (a failed positive control, a timeout…), each with its reason. */
  notChecked: { test: string; reason: string }[];
  /** Why the row is what it is, when it is not plain. */
  note?: string;
}

/** Catalog entries naming a family or a check no part of cloison reports: one line each. */
export function catalogProblems(flaws: readonly (MatrixFlaw & { target: string })[]): string[] {
  const problems: string[] = [];
  for (const flaw of flaws) {
    const where = `${flaw.target} flaw ${flaw.id}`;
    if (!isKnownFamily(flaw.caughtBy)) problems.push(`${where}: caughtBy "${flaw.caughtBy}" is not a check family`);
    if (flaw.checks.length === 0) problems.push(`${where}: checks is empty: name the check(s) that must fire`);
    for (const check of flaw.checks) if (!isKnownCheck(check)) problems.push(`${where}: check "${check}" is not one cloison reports`);
    if (!flaw.checks.some((check) => check.startsWith(`${flaw.caughtBy}/`))) problems.push(`${where}: no check of its family "${flaw.caughtBy}" among ${flaw.checks.join(', ') || 'its checks'}`);
    for (const problem of footprintProblems(flaw)) problems.push(`${where}: ${problem}`);
  }
  return problems;
}

export function judgeRow(record: RunRecord | undefined, exitCode: number, flaw: MatrixFlaw | undefined, floor: SecureFloor): RowJudgement {
  if (!record) {
    return { verdict: 'ERROR', fired: [], missing: [...(flaw?.checks ?? [])], findings: 0, suspicious: 0, unscanned: 0, tests: 0, probes: 0, notApplicable: 0, notChecked: [], note: `no run record (exit ${exitCode})` };
  }
  const fired = [...new Set(record.findings.map((finding) => finding.check))].sort();
  const verdict = record.run.verdict;
  const budget = record.run.counts?.budget;
  const skipped = budget?.skipped.reduce((sum, group) => sum + group.probes, 0) ?? 0;
  const base = {
    fired,
    missing: (flaw?.checks ?? []).filter((check) => !fired.includes(check)),
    findings: record.summary.findings,
    suspicious: record.summary.suspicious,
    unscanned: record.summary.unscanned ?? 0,
    tests: record.summary.tests,
    probes: record.run.counts?.probes?.total ?? 0,
    ...(budget ? { budget: { max: budget.max, skipped } } : {}),
    notApplicable: verdict?.notApplicable.length ?? 0,
    notChecked: verdict?.incomplete ?? [],
  };
  if (!verdict) return { ...base, verdict: 'ERROR', note: 'the run record has no verdict' };
  if (!flaw) {
    // Under a probe budget (MATRIX with CLOISON_MAX_PROBES) the floor counts what the run planned:
    // the probes it skipped are listed one by one in its record, never silently dropped.
    const short = [
      ...(base.findings > 0 ? [`${base.findings} finding(s)`] : []),
      ...(verdict.exitCode !== 0 ? [`exit ${verdict.exitCode}: ${verdict.reason}`] : []),
      ...(base.tests < floor.tests ? [`${base.tests} tests, expected at least ${floor.tests}`] : []),
      ...(base.probes + skipped < floor.probes ? [`${base.probes} probes${budget ? ` (+${skipped} skipped by the budget of ${budget.max})` : ''}, expected at least ${floor.probes}`] : []),
    ];
    return { ...base, verdict: short.length === 0 ? 'clean' : 'NOT CLEAN', ...(short.length > 0 ? { note: short.join('; ') } : {}) };
  }
  if (base.missing.length === flaw.checks.length || verdict.exitCode !== 1) {
    return { ...base, verdict: 'MISSED', note: verdict.exitCode === 1 ? `none of ${flaw.checks.join(', ')} fired` : `exit ${verdict.exitCode}: ${verdict.reason}` };
  }
  if (base.missing.length > 0) return { ...base, verdict: 'PARTLY CAUGHT', note: `did not fire: ${base.missing.join(', ')}` };
  if (base.notChecked.length > 0) {
    const first = base.notChecked[0];
    return { ...base, verdict: 'CAUGHT, NOT CHECKED', note: `${base.notChecked.length} test(s) failed for another reason, first: ${first?.test}: ${first?.reason}` };
  }
  return { ...base, verdict: 'CAUGHT' };
}

/** A group's run, judged per flaw (judgeGroup). */
export interface GroupJudgement {
  /** Flaw id → its row, judged on the findings its footprint alone explains. */
  rows: Map<string, RowJudgement>;
  /** The flaws to run alone: all of them when the run proves nothing of any, else those not CAUGHT. */
  rerun: string[];
}

/**
 * Flaws with pairwise disjoint footprints, switched on together in one scan. A flaw is CAUGHT only
 * when every check it names fired on findings inside its footprint (so no other flaw of the group
 * can explain them), the scan exited 1 and its record agrees. The rows are ERROR, all to be run
 * alone, when the run proves nothing about any one flaw: no record or verdict, an exit other than
 * 1, a finding outside every footprint or inside two, or a test that failed for another reason
 * (it cannot be pinned on one flaw). A flaw whose checks did not all fire is run alone too: another
 * flaw of the group may have hidden it, and its row is judged on that run, as today.
 */
export function judgeGroup(record: RunRecord | undefined, exitCode: number, group: readonly MatrixFlaw[]): GroupJudgement {
  const ids = group.map((flaw) => flaw.id);
  const verdict = record?.run.verdict;
  const shared = {
    tests: record?.summary.tests ?? 0,
    probes: record?.run.counts?.probes?.total ?? 0,
    notApplicable: verdict?.notApplicable.length ?? 0,
    notChecked: verdict?.incomplete ?? [],
  };
  const fail = (reason: string): GroupJudgement => ({
    rows: new Map(group.map((flaw) => [flaw.id, { ...shared, verdict: 'ERROR', fired: [], missing: [...flaw.checks], findings: 0, suspicious: 0, unscanned: 0, note: `run with ${others(ids, flaw.id)}: ${reason}` }])),
    rerun: ids,
  });
  if (!record) return fail(`no run record (exit ${exitCode})`);
  if (!verdict) return fail('the run record has no verdict');
  if (exitCode !== verdict.exitCode) return fail(`the scan exited ${exitCode}, its run record says ${verdict.exitCode}`);
  if (verdict.exitCode !== 1) return fail(`exit ${verdict.exitCode}: ${verdict.reason}`);
  const { byFlaw, outside, ambiguous } = attribute(group, record.findings);
  if (outside.length > 0) return fail(`${outside.length} finding(s) outside the group's footprints: ${describeFindings(outside)}`);
  if (ambiguous.length > 0) return fail(`${ambiguous.length} finding(s) inside two footprints: ${describeFindings(ambiguous)}`);
  const first = shared.notChecked[0];
  if (first) return fail(`${shared.notChecked.length} test(s) failed for another reason, first: ${first.test}: ${first.reason}`);
  const rows = new Map<string, RowJudgement>();
  const rerun: string[] = [];
  for (const flaw of group) {
    const mine = byFlaw.get(flaw.id) ?? [];
    const fired = [...new Set(mine.map((finding) => finding.check))].sort();
    const missing = flaw.checks.filter((check) => !fired.includes(check));
    const together = `run with ${others(ids, flaw.id)}`;
    const base = { ...shared, fired, missing, findings: mine.length, suspicious: mine.filter((finding) => finding.verdict === 'suspicious').length, unscanned: mine.filter((finding) => finding.verdict === 'unscanned').length };
    if (missing.length === 0) {
      rows.set(flaw.id, { ...base, verdict: 'CAUGHT', note: together });
      continue;
    }
    rerun.push(flaw.id);
    rows.set(flaw.id, { ...base, verdict: missing.length === flaw.checks.length ? 'MISSED' : 'PARTLY CAUGHT', note: `${together}: did not fire: ${missing.join(', ')}` });
  }
  return { rows, rerun };
}

function others(ids: readonly string[], id: string): string {
  return ids.filter((other) => other !== id).join(', ') || 'nothing else';
}

/** Findings of a flaw's own run that its footprint does not hold: the footprint is too narrow. */
export function outsideOwnFootprint(record: RunRecord | undefined, flaw: MatrixFlaw): string | undefined {
  if (!record || !flaw.footprint) return undefined;
  const { outside } = attribute([flaw], record.findings);
  return outside.length > 0 ? `${outside.length} finding(s) outside its footprint: ${describeFindings(outside)}` : undefined;
}
