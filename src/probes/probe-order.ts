/**
 * The order a probe budget spends a plan's probes in (src/probes/budget.ts says why): coverage
 * first, then breadth, then depth. Stable: same input, same order.
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
  /**
   * How much the vector tells within its family, most first (0); unset: its place in VECTOR_ORDER.
   * Families other than the object checks list their vectors in their own order.
   */
  rank?: number;
  /**
   * The coverage unit, when a family's is not route × class × action (one token variant per kind,
   * one sequence of sessions per shared URL): every unit keeps one probe at least.
   */
  unit?: string;
  /** Keys of the positive controls (planned with `control`) sent before this probe says anything. */
  needs?: readonly string[];
  /** A positive control: kept only with a kept probe that needs it. */
  control?: boolean;
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
  // What a page's scripts fetch and show: a refusal over HTTP says nothing of them.
  'browser-visit',
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

export const rank = (order: readonly string[], value: string): number => {
  const index = order.indexOf(value);
  return index < 0 ? order.length : index;
};

export const unitOf = (probe: PlannedProbe): string => probe.unit ?? `${probe.family} ${probe.route} ${probe.action} ${probe.relationship}`;

/** The probes in the order a budget spends them (stable: same input, same order). */
export function orderProbes(probes: readonly PlannedProbe[]): PlannedProbe[] {
  const { coverage, rest } = splitByCoverage(probes);
  return [...coverage, ...rest];
}

/**
 * Each unit's first probe in the budget's order: what a family whose probes follow what the portal
 * answers (known only once it has asked) sends under a budget.
 */
export function coverageProbes(probes: readonly PlannedProbe[]): PlannedProbe[] {
  return splitByCoverage(probes).coverage;
}

/**
 * Beyond coverage, each vector's first probe per family × route × action in the budget's order
 * (stage 2 of a planned family, on its nearest class): what a family planned at run time sends when
 * a flaw is more often in how one route reads an id (a leading zero, a trailing slash) than in
 * whom it lets in.
 */
export function breadthProbes(probes: readonly PlannedProbe[]): PlannedProbe[] {
  const { coverage, rest } = splitByCoverage(probes);
  const vectorOf = (probe: PlannedProbe): string => `${probe.family} ${probe.route} ${probe.action} ${probe.vector}`;
  const seen = new Set(coverage.map(vectorOf));
  return rest.filter((probe) => {
    const vector = vectorOf(probe);
    if (seen.has(vector)) return false;
    seen.add(vector);
    return true;
  });
}

/** The negative probes in the budget's order, each unit's first apart (controls are never ordered on their own). */
export function splitByCoverage(probes: readonly PlannedProbe[]): { coverage: PlannedProbe[]; rest: PlannedProbe[] } {
  const sortKey = (probe: PlannedProbe): number[] => {
    const direct = probe.rank === undefined ? probe.vector === 'direct-id' : probe.rank === 0;
    const stage = probe.depth === 0 ? (direct ? 0 : 1) : direct ? 2 : 3;
    return [stage, probe.rank ?? rank(VECTOR_ORDER, probe.vector), probe.depth, rank(RELATIONSHIP_ORDER, probe.relationship)];
  };
  const keyed = probes.filter((probe) => !probe.control).map((probe, index) => ({ probe, index, sort: sortKey(probe) }));
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
  return { coverage, rest };
}
