/**
 * The run record's counts: who was seeded (from the run state the setup project left) and what was
 * sent (from the per-worker probe tallies of src/session/throttle.ts), so a report says how much
 * was tested, not only what was found.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SkippedGroup } from '../probes/budget';
import type { BudgetSummary, ProbeTallyFile } from '../session/throttle';

export interface RunCounts {
  /** Seeded people plus the anonymous visitor. */
  identities?: number;
  people?: number;
  documents?: number;
  probes: { total: number; byFamily: Record<string, number> };
  /** Route templates that received at least one probe, all families together. */
  routesCovered: number;
  routes: string[];
  /** Set when the run had a probe budget (CLOISON_MAX_PROBES): its figures and every probe it left out. */
  budget?: BudgetSummary;
}

interface StateCounts {
  release?: string;
  profile?: string;
  seed?: number;
  people: number;
  documents: number;
}

/** The seeded population of a run, or undefined when its state file is not on this machine. */
export function readStateCounts(root: string, runId: string): StateCounts | undefined {
  const file = join(root, '.cloison', 'runs', runId, 'state.json');
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { release?: string; profile?: string; seed?: number; people?: unknown[]; documents?: unknown[] };
    return { release: state.release, profile: state.profile, seed: state.seed, people: state.people?.length ?? 0, documents: state.documents?.length ?? 0 };
  } catch {
    return undefined;
  }
}

/** Every tally file of this run id in a probes folder (other runs sharing the folder are ignored). */
export function readTallies(dir: string, runId: string | undefined): ProbeTallyFile[] {
  if (!existsSync(dir)) return [];
  const out: ProbeTallyFile[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const tally = JSON.parse(readFileSync(join(dir, name), 'utf8')) as ProbeTallyFile;
      if (runId === undefined || tally.runId === runId) out.push(tally);
    } catch {
      // A half-written tally of a killed worker: its count is lost, the run record says less.
    }
  }
  return out;
}

export function sumTallies(tallies: readonly ProbeTallyFile[]): Pick<RunCounts, 'probes' | 'routesCovered' | 'routes' | 'budget'> {
  const byFamily: Record<string, number> = {};
  const routes = new Set<string>();
  for (const tally of tallies) {
    for (const [family, entry] of Object.entries(tally.byFamily)) {
      byFamily[family] = (byFamily[family] ?? 0) + entry.requests;
      for (const route of entry.routes) routes.add(route);
    }
  }
  const sorted = Object.fromEntries(Object.entries(byFamily).sort(([a], [b]) => a.localeCompare(b)));
  const total = Object.values(byFamily).reduce((n, v) => n + v, 0);
  const budget = mergeBudgets(tallies.map((tally) => tally.budget));
  return { probes: { total, byFamily: sorted }, routesCovered: routes.size, routes: [...routes].sort(), ...(budget ? { budget } : {}) };
}

/** Every worker planned the same budget; what each left out adds up. */
export function mergeBudgets(parts: readonly (BudgetSummary | undefined)[]): BudgetSummary | undefined {
  const present = parts.filter((part): part is BudgetSummary => part !== undefined);
  const first = present[0];
  if (!first) return undefined;
  const groups = new Map<string, SkippedGroup>();
  for (const part of present) {
    for (const group of part.skipped) {
      const id = `${group.family} ${group.route} ${group.action} ${group.relationship} ${group.vector}`;
      const known = groups.get(id);
      if (known) known.probes += group.probes;
      else groups.set(id, { ...group });
    }
  }
  const skipped = [...groups.values()].sort((a, b) => a.route.localeCompare(b.route) || a.relationship.localeCompare(b.relationship) || a.vector.localeCompare(b.vector));
  return { max: first.max, planned: first.planned, coverage: first.coverage, kept: first.kept, skipped };
}

/** Sums the counts of several shards of one run: probes add up, the population is the same. */
export function mergeCounts(parts: readonly (RunCounts | undefined)[]): RunCounts {
  const byFamily: Record<string, number> = {};
  const routes = new Set<string>();
  let base: RunCounts | undefined;
  for (const part of parts) {
    if (!part) continue;
    base ??= part;
    for (const [family, n] of Object.entries(part.probes.byFamily)) byFamily[family] = (byFamily[family] ?? 0) + n;
    for (const route of part.routes) routes.add(route);
  }
  const total = Object.values(byFamily).reduce((n, v) => n + v, 0);
  const budget = mergeBudgets(parts.map((part) => part?.budget));
  return {
    ...(budget ? { budget } : {}),
    ...(base?.identities !== undefined ? { identities: base.identities } : {}),
    ...(base?.people !== undefined ? { people: base.people } : {}),
    ...(base?.documents !== undefined ? { documents: base.documents } : {}),
    probes: { total, byFamily: Object.fromEntries(Object.entries(byFamily).sort(([a], [b]) => a.localeCompare(b))) },
    routesCovered: routes.size,
    routes: [...routes].sort(),
  };
}
