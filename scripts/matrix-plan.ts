/**
 * The flaw matrix's plan (scripts/flaw-matrix.ts runs it): the targets with their catalogs, which
 * rows the command line asks for, and the scans that give them (secure runs, single flaws, groups
 * of flaws with disjoint footprints).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { groupFlaws } from '../src/gate/footprint';
import { catalogProblems, type MatrixFlaw, type RowJudgement } from '../src/gate/matrix';
import { longestFirst, type RowSeconds } from './matrix-order';
import { MATRIX_TARGETS, type MatrixTarget } from './matrix-targets';

export interface LoadedTarget extends MatrixTarget {
  catalog: readonly MatrixFlaw[];
}

/** One scan: a target's secure run (no flaws), one flaw alone, or a group of disjoint flaws. */
export interface Job {
  name: string;
  target: LoadedTarget;
  flaws: readonly MatrixFlaw[];
  /** Why a flaw runs alone after its group's run (that run's note). */
  after?: string;
}

export type Row = RowJudgement & {
  flaw: string;
  target: string;
  family: string;
  expected: readonly string[];
  /** The other flaws of the scan this row was judged on (none: a scan of its own). */
  with: string[];
  exitCode: number;
  seconds: number;
  log: string;
};

export interface Plan {
  /** The longest scans first (see matrix-order.ts). */
  jobs: Job[];
  /** Every row, in the order of the table. */
  order: string[];
  /** Rows of flaws not run (their family has no checks yet). */
  listed: Row[];
  /** The scans of more than one flaw. */
  grouped: Job[];
}

export const rowName = (target: LoadedTarget, id: string): string => `${target.prefix}${id}`;

/** Every matrix target with its flaw catalog, and what is wrong with those catalogs. */
export async function loadTargets(): Promise<{ targets: LoadedTarget[]; problems: string[] }> {
  const targets: LoadedTarget[] = await Promise.all(MATRIX_TARGETS.map(async (target) => ({ ...target, catalog: await target.flaws() })));
  // A catalog entry naming a check nothing reports could never be caught: refuse it before any run.
  return { targets, problems: catalogProblems(targets.flatMap((target) => target.catalog.map((flaw) => ({ ...flaw, target: target.name })))) };
}

/** The rows asked for (`wanted` flaws, MATRIX_TARGETS targets) and their scans; or the names nobody knows. */
export function planJobs(targets: readonly LoadedTarget[], wanted: readonly string[], groupSize: number, seconds: RowSeconds = {}): { plan: Plan } | { unknown: string[] } {
  const onlyTargets = (process.env.MATRIX_TARGETS ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknownTargets = onlyTargets.filter((name) => !targets.some((target) => target.name === name));
  const unknown = wanted.filter((arg) => {
    const { target, id } = targetOf(targets, arg);
    return !target?.catalog.some((flaw) => flaw.id === id);
  });
  if (unknown.length > 0 || unknownTargets.length > 0) return { unknown: [...unknown.map((id) => `flaw ${id}`), ...unknownTargets.map((name) => `target ${name}`)] };
  // A flaw whose family has no checks yet cannot be caught by design: it is listed, and run only
  // on demand (MATRIX_ALL=1), so CI time goes to verdicts.
  const runAll = process.env.MATRIX_ALL === '1' || wanted.length > 0;
  const secure: Job[] = [];
  const flawJobs: Job[] = [];
  const listed: Row[] = [];
  const order: string[] = [];
  for (const target of targets) {
    if (onlyTargets.length > 0 && !onlyTargets.includes(target.name)) continue;
    const flaws = target.catalog.filter((flaw) => wanted.length === 0 || wanted.includes(rowName(target, flaw.id)));
    if (wanted.length > 0 && flaws.length === 0) continue;
    secure.push({ name: rowName(target, 'secure'), target, flaws: [] });
    order.push(rowName(target, 'secure'), ...flaws.map((flaw) => rowName(target, flaw.id)));
    const runnable = flaws.filter((flaw) => runAll || covered(flaw));
    for (const flaw of flaws) if (!runnable.includes(flaw)) listed.push(notRun(rowName(target, flaw.id), target, flaw));
    for (const group of groupFlaws(runnable, groupSize)) {
      flawJobs.push({ name: group.length === 1 ? rowName(target, group[0]?.id ?? '') : `${target.prefix}group-${group.map((flaw) => flaw.id).join('+')}`, target, flaws: group });
    }
  }
  // Where no run has timed a scan: groups first (a flaw's failing tests each cost a worker restart),
  // then single flaws; secure runs fail nothing and go last. Timed scans go longest first.
  const grouped = flawJobs.filter((job) => job.flaws.length > 1);
  const planned = [...[...grouped].sort((a, b) => b.flaws.length - a.flaws.length), ...flawJobs.filter((job) => job.flaws.length === 1), ...secure];
  const jobs = longestFirst(planned, seconds, (job, id) => rowName(job.target, id));
  return { plan: { jobs, order, listed, grouped } };
}

/** A family is covered once the suite has its folder of checks. */
function covered(flaw: MatrixFlaw): boolean {
  return existsSync(join('tests', flaw.caughtBy));
}

function notRun(name: string, target: LoadedTarget, flaw: MatrixFlaw): Row {
  return { flaw: name, target: target.name, family: flaw.caughtBy, expected: flaw.checks, verdict: 'not yet covered', fired: [], missing: [...flaw.checks], findings: 0, suspicious: 0, unscanned: 0, tests: 0, probes: 0, notApplicable: 0, notChecked: [], with: [], exitCode: 0, seconds: 0, log: '' };
}

/** `guichet:blob-idor` → guichet's flaw; a bare id → the reference portal's. */
function targetOf(targets: readonly LoadedTarget[], wanted: string): { target: LoadedTarget | undefined; id: string } {
  const prefixed = targets.find((target) => target.prefix && wanted.startsWith(target.prefix));
  const target = prefixed ?? targets.find((candidate) => !candidate.prefix);
  return { target, id: prefixed ? wanted.slice(prefixed.prefix.length) : wanted };
}
