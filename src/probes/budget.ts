import { ConfigError } from '../errors';

/**
 * A probe budget for rate-limited targets (5 requests/s off loopback: a full scan of the default
 * population is most of an hour). Probes are ordered so that the ones that tell most come first,
 * and a budget keeps a prefix of that order:
 *
 * 1. coverage: for every route × forbidden relationship class × action, the direct id of the
 *    first victim object, asked by that class. A budget smaller than this is refused: a gate that
 *    never asked a class through a route says nothing of it.
 * 2. every other vector once per route × class (on the first object): a method override or a
 *    traversal that works on one object usually works on all of them, so breadth comes first;
 * 3. the direct id on every other victim object;
 * 4. the remaining vectors on the remaining objects.
 * Within a stage: rarer vectors later, nearer classes (most likely to be wrongly let in) first.
 * What the budget leaves out is listed by route, class and vector in the run record.
 */
export interface PlannedProbe {
  /** Unique within a plan; what a check asks the budget about. */
  key: string;
  family: string;
  route: string;
  action: string;
  relationship: string;
  vector: string;
  /** Rank of the victim object among those this route and class probe (0: the first). */
  depth: number;
}

/** Nearest first: the forbidden classes that share most with an allowed one. */
export const RELATIONSHIP_ORDER: readonly string[] = [
  'usager-same-mdph',
  'representative-other',
  'agent-other-mdph',
  'agent-same-mdph',
  'representative',
  'usager-other-mdph',
  'anonymous',
  'unknown-object',
];

/** Most discriminating first: the direct id, then what routers and frameworks most often get wrong. */
export const VECTOR_ORDER: readonly string[] = [
  'direct-id',
  'method-override-header',
  'method-override-param',
  'path-traversal',
  'param-pollution',
  'method-head',
  'id-leading-zero',
  'id-percent-encoded',
  'trailing-slash',
  'id-double-slash',
  'path-traversal-double-encoded',
  'neighbour-id',
];

export const BUDGET_ENV = 'CLOISON_MAX_PROBES';
/** `--budget`: the release-gate preset. */
export const BUDGET_PRESET = 3000;

const rank = (order: readonly string[], value: string): number => {
  const index = order.indexOf(value);
  return index < 0 ? order.length : index;
};

const unitOf = (probe: PlannedProbe): string => `${probe.family} ${probe.route} ${probe.action} ${probe.relationship}`;

/** The probes in the order a budget spends them (stable: same input, same order). */
export function orderProbes(probes: readonly PlannedProbe[]): PlannedProbe[] {
  const sortKey = (probe: PlannedProbe): number[] => {
    const direct = probe.vector === 'direct-id';
    const stage = probe.depth === 0 ? (direct ? 0 : 1) : direct ? 2 : 3;
    return [stage, rank(VECTOR_ORDER, probe.vector), probe.depth, rank(RELATIONSHIP_ORDER, probe.relationship)];
  };
  const keyed = probes.map((probe, index) => ({ probe, index, sort: sortKey(probe) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.sort.length; i++) {
      const delta = (a.sort[i] as number) - (b.sort[i] as number);
      if (delta !== 0) return delta;
    }
    return a.index - b.index;
  });
  // A unit whose first object has no direct id (a read-only POST route has one vector, named so
  // too; a neighbour walk has none): its first probe in this order is its coverage probe.
  const covered = new Set<string>();
  const coverage: PlannedProbe[] = [];
  const rest: PlannedProbe[] = [];
  for (const { probe } of keyed) {
    const unit = unitOf(probe);
    if (covered.has(unit)) rest.push(probe);
    else {
      covered.add(unit);
      coverage.push(probe);
    }
  }
  return [...coverage, ...rest];
}

export interface SkippedGroup {
  family: string;
  route: string;
  action: string;
  relationship: string;
  vector: string;
  probes: number;
}

export interface BudgetPlan {
  /** Undefined: no budget, every probe is sent. */
  max?: number;
  planned: number;
  /** Route × forbidden class × action units, each covered by one probe at least. */
  coverage: number;
  kept: number;
  allows(key: string): boolean;
  skipped: SkippedGroup[];
}

/** Keeps the first `max` probes of the order; refuses a budget that cannot cover every unit once. */
export function planBudget(probes: readonly PlannedProbe[], max?: number): BudgetPlan {
  const ordered = orderProbes(probes);
  const coverage = new Set(probes.map(unitOf)).size;
  if (max === undefined) return { planned: probes.length, coverage, kept: probes.length, allows: () => true, skipped: [] };
  if (max < coverage) {
    throw new ConfigError(BUDGET_ENV, `is ${max}: covering every route × forbidden relationship class × action once takes ${coverage} probes (raise it, or unset it to send every probe)`);
  }
  const kept = new Set(ordered.slice(0, max).map((probe) => probe.key));
  return { max, planned: probes.length, coverage, kept: kept.size, allows: (key) => kept.has(key), skipped: groupSkipped(ordered.slice(max)) };
}

function groupSkipped(probes: readonly PlannedProbe[]): SkippedGroup[] {
  const groups = new Map<string, SkippedGroup>();
  for (const probe of probes) {
    const id = `${unitOf(probe)} ${probe.vector}`;
    const group = groups.get(id);
    if (group) group.probes++;
    else groups.set(id, { family: probe.family, route: probe.route, action: probe.action, relationship: probe.relationship, vector: probe.vector, probes: 1 });
  }
  return [...groups.values()].sort((a, b) => a.route.localeCompare(b.route) || a.relationship.localeCompare(b.relationship) || rank(VECTOR_ORDER, a.vector) - rank(VECTOR_ORDER, b.vector));
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
