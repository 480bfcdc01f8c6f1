import { plannedPathProbes } from './paths-plan';
import { planBudget, type BudgetPlan, type SkippedGroup } from '../probes/budget';
import { breadthProbes, coverageProbes, type PlannedProbe } from '../probes/probe-order';
import type { RunContext } from '../run/context';
import { countSkipped } from '../session/throttle';
import { plannedConcurrencyProbes } from './concurrency-plan';
import { plannedObjectProbes } from './object-plan';
import { plannedRoleProbes } from './roles-probes';
import { plannedSelfProbes } from './self-plan';
import { plannedWriteProbes } from './writes/write-plan';

/**
 * The run's one probe plan: every family that knows before sending what it will send lists it
 * here, and every such family asks the same budget (CLOISON_MAX_PROBES) whether a probe is kept.
 * Planned from the population and the profile only, so every worker (and dry-run, with assumed
 * ids) computes the same plan.
 */
export function plannedProbes(run: RunContext): PlannedProbe[] {
  return [...plannedObjectProbes(run), ...plannedSelfProbes(run), ...plannedPathProbes(run), ...plannedConcurrencyProbes(run), ...plannedRoleProbes(run), ...plannedWriteProbes(run)];
}

const plans = new WeakMap<RunContext, BudgetPlan>();

/** The run's budget, computed once per worker (every worker computes the same plan). */
export function runBudget(run: RunContext): BudgetPlan {
  let plan = plans.get(run);
  if (!plan) {
    plan = planBudget(plannedProbes(run), run.target.settings.maxProbes);
    plans.set(run, plan);
  }
  return plan;
}

/**
 * Whether the budget keeps a planned probe; one it leaves out is counted for the run record
 * (by family, route, class and vector), never silently dropped.
 */
export function keeps(run: RunContext, key: string, probe: Omit<SkippedGroup, 'probes'>): boolean {
  const budget = runBudget(run);
  if (budget.allows(key)) return true;
  countSkipped(budget, probe);
  return false;
}

export interface RuntimeBudget {
  /**
   * Also send each vector once per route × action (on the nearest class): for a family whose
   * vectors are ways of spelling an id, where one route's parser is the flaw (discovery's replays).
   */
  everyVectorOnce?: boolean;
}

/**
 * For a family whose probes follow what the portal answers (discovery replays what a crawl found):
 * it plans them once it knows them and asks here. Without a budget every probe is sent; under
 * one, the planned families have spent it in advance, so such a family sends each of its units'
 * first probe (coverage, in the budget's order), each vector once per route when it asks, and the
 * rest is counted as skipped.
 */
export function runtimeKeeps(run: RunContext, probes: readonly PlannedProbe[], options: RuntimeBudget = {}): (probe: PlannedProbe) => boolean {
  const budget = runBudget(run);
  if (budget.max === undefined) return () => true;
  const coverage = new Set([...coverageProbes(probes), ...(options.everyVectorOnce ? breadthProbes(probes) : [])].map((probe) => probe.key));
  return (probe) => {
    if (coverage.has(probe.key)) return true;
    countSkipped(budget, { family: probe.family, route: probe.route, action: probe.action, relationship: probe.relationship, vector: probe.vector });
    return false;
  };
}
