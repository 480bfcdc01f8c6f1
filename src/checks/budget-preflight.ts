import { loadPopulationSpec } from '../population/spec';
import { BUDGET_ENV, BUDGET_PRESET, planBudget, type BudgetPlan } from '../probes/budget';
import { populationOf } from '../provisioning/population';
import { assumedRunState } from '../run/assumed-state';
import { RunContext } from '../run/context';
import type { Target } from '../run/target';
import { plannedProbes } from './run-plan';

/** `--budget`: the release-gate preset, unless CLOISON_MAX_PROBES says otherwise. */
export function budgetEnv(env: NodeJS.ProcessEnv, preset: boolean): NodeJS.ProcessEnv {
  return preset && !env[BUDGET_ENV]?.trim() ? { ...env, [BUDGET_ENV]: String(BUDGET_PRESET) } : { ...env };
}

/**
 * The run's plan under its budget, before anything is sent (dry-run, and `cloison scan`, which
 * refuses a budget too small to cover every family's route × class × action once: a ConfigError
 * naming CLOISON_MAX_PROBES). Ids are assumed; the workers plan again with real ones.
 */
export async function planRunBudget(target: Target, max: number | undefined = target.settings.maxProbes): Promise<BudgetPlan> {
  const { settings, profile } = target;
  const spec = loadPopulationSpec(settings.populationFile, { seed: settings.seed, runId: settings.runId, people: profile.people });
  const population = await populationOf(profile, settings, spec);
  const run = new RunContext(target, assumedRunState(profile, population, settings.runId));
  return planBudget(plannedProbes(run), max);
}
