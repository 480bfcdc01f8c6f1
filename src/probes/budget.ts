import { ConfigError } from '../errors';
import { rank, splitByCoverage, unitOf, VECTOR_ORDER, type PlannedProbe } from './probe-order';

/**
 * A probe budget for rate-limited targets (5 requests/s off loopback: a full scan of the default
 * population is most of an hour). One budget for the run: every family that can say what it will
 * send before sending it puts its probes in the same plan (src/checks/run-plan.ts) and asks the
 * same plan whether a probe is kept. Probes are ordered so that the ones that tell most come
 * first, and a budget keeps a prefix of that order:
 *
 * 1. coverage: for every family × route × forbidden relationship class × action (or the family's
 *    own unit, `unit`), its first probe: for the object checks the direct id of the first victim
 *    object, asked by that class. A budget smaller than this is refused: a gate that never asked a
 *    class through a route says nothing of it.
 * 2. every other vector once per route × class (on the first object): a method override or a
 *    traversal that works on one object usually works on all of them, so breadth comes first;
 * 3. the direct id on every other victim object;
 * 4. the remaining vectors on the remaining objects.
 * Within a stage: rarer vectors later (`rank`, or VECTOR_ORDER), nearer classes (most likely to be
 * wrongly let in) first. What the budget leaves out is listed by family, route, class and vector
 * in the run record and the family's coverage file.
 *
 * Positive controls are in the plan too (`control`), never ordered on their own: a control is kept
 * with the first kept probe that `needs` it, and costs the budget then. A negative probe is kept
 * only with all its controls (a refusal without its control proves nothing); a control no kept
 * probe needs is skipped and listed like any probe.
 */
export const BUDGET_ENV = 'CLOISON_MAX_PROBES';
/** `--budget`: the release-gate preset. */
export const BUDGET_PRESET = 3000;

export interface SkippedGroup {
  family: string;
  route: string;
  action: string;
  relationship: string;
  vector: string;
  probes: number;
}

export interface FamilyPlan {
  planned: number;
  coverage: number;
  kept: number;
}

export interface BudgetPlan {
  /** Undefined: no budget, every probe is sent. */
  max?: number;
  /** Every probe of the plan, positive controls included. */
  planned: number;
  /** Route × forbidden class × action units (or a family's own), each covered by one probe at least. */
  coverage: number;
  /** The smallest budget that covers every unit: one probe each, with the positive controls they need. */
  floor: number;
  kept: number;
  /** Per family: planned, coverage units and kept. */
  families: Record<string, FamilyPlan>;
  allows(key: string): boolean;
  skipped: SkippedGroup[];
}

/**
 * Keeps the order's probes while they fit in `max`, each with the controls it needs (a probe that
 * does not fit is skipped, a later one whose controls are already kept may still fit); refuses a
 * budget that cannot cover every unit once. Without a budget every probe is kept.
 */
export function planBudget(probes: readonly PlannedProbe[], max?: number): BudgetPlan {
  const controls = new Map(probes.filter((probe) => probe.control).map((probe) => [probe.key, probe]));
  const { coverage: covering, rest } = splitByCoverage(probes);
  const coverage = covering.length;
  const floor = coverage + new Set(covering.flatMap((probe) => probe.needs ?? [])).size;
  if (max === undefined) return { planned: probes.length, coverage, floor, kept: probes.length, families: familiesOf(probes, probes), allows: () => true, skipped: [] };
  if (max < floor) {
    throw new ConfigError(BUDGET_ENV, `is ${max}: covering every family's route × forbidden relationship class × action once takes ${floor} probes with their positive controls (raise it to ${floor} at least, or unset it to send every probe)`);
  }
  const kept = new Set<string>();
  const keptProbes: PlannedProbe[] = [];
  const left: PlannedProbe[] = [];
  for (const probe of [...covering, ...rest]) {
    const unpaid = (probe.needs ?? []).filter((key) => !kept.has(key));
    if (keptProbes.length + 1 + unpaid.length > max) {
      left.push(probe);
      continue;
    }
    for (const key of unpaid) {
      const control = controls.get(key);
      if (!control) throw new Error(`planned probe ${probe.key} needs control ${key}, which the plan does not hold`);
      kept.add(key);
      keptProbes.push(control);
    }
    kept.add(probe.key);
    keptProbes.push(probe);
  }
  const unneeded = [...controls.values()].filter((control) => !kept.has(control.key));
  return { max, planned: probes.length, coverage, floor, kept: kept.size, families: familiesOf(probes, keptProbes), allows: (key) => kept.has(key), skipped: groupSkipped([...left, ...unneeded]) };
}

function familiesOf(probes: readonly PlannedProbe[], kept: readonly PlannedProbe[]): Record<string, FamilyPlan> {
  const families: Record<string, FamilyPlan> = {};
  const units = new Map<string, Set<string>>();
  for (const probe of probes) {
    const family = (families[probe.family] ??= { planned: 0, coverage: 0, kept: 0 });
    family.planned++;
    const seen = units.get(probe.family) ?? new Set<string>();
    units.set(probe.family, seen);
    if (!probe.control && !seen.has(unitOf(probe))) {
      seen.add(unitOf(probe));
      family.coverage++;
    }
  }
  for (const probe of kept) (families[probe.family] as FamilyPlan).kept++;
  return Object.fromEntries(Object.entries(families).sort(([a], [b]) => a.localeCompare(b)));
}

function groupSkipped(probes: readonly PlannedProbe[]): SkippedGroup[] {
  const groups = new Map<string, SkippedGroup>();
  for (const probe of probes) {
    const id = `${unitOf(probe)} ${probe.vector}`;
    const group = groups.get(id);
    if (group) group.probes++;
    else groups.set(id, { family: probe.family, route: probe.route, action: probe.action, relationship: probe.relationship, vector: probe.vector, probes: 1 });
  }
  return [...groups.values()].sort((a, b) => a.family.localeCompare(b.family) || a.route.localeCompare(b.route) || a.relationship.localeCompare(b.relationship) || rank(VECTOR_ORDER, a.vector) - rank(VECTOR_ORDER, b.vector));
}

/** Seconds a number of requests takes at a ceiling (0: unlimited, no figure). */
export function durationAt(requests: number, requestsPerSecond: number): number | undefined {
  return requestsPerSecond > 0 ? requests / requestsPerSecond : undefined;
}

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined) return 'no ceiling';
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.round(seconds)} s`;
}
