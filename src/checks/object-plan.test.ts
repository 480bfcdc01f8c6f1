import { expect, test } from '@playwright/test';
import { generatePopulation } from '../population/generate';
import { loadPopulationSpec } from '../population/spec';
import { planBudget } from '../probes/budget';
import { loadProfile } from '../profile/load';
import { assumedRunState } from '../run/assumed-state';
import { RunContext } from '../run/context';
import type { Target } from '../run/target';
import { objectCheckRoutes, objectRouteSteps, plannedObjectProbes } from './object-plan';

async function matrixRun(): Promise<RunContext> {
  const profile = loadProfile('profiles/reference-portal.json');
  const spec = loadPopulationSpec('seeds/matrix.json', { seed: 7, runId: 'PLAN1', people: profile.people });
  const state = assumedRunState(profile, await generatePopulation(spec), 'PLAN1');
  return new RunContext({ profile, settings: {} } as unknown as Target, state);
}

test('the plan is exactly what the object checks walk, each probe once', async () => {
  const run = await matrixRun();
  const planned = plannedObjectProbes(run);
  const walked = objectCheckRoutes(run).flatMap((route) => run.usagers().flatMap((owner) => objectRouteSteps(run, route, owner.key).flatMap((step) => step.probes.map((probe) => probe.key))));
  const keys = new Set(planned.map((probe) => probe.key));
  expect(keys.size).toBe(planned.length);
  for (const key of walked) expect(keys.has(key)).toBe(true);
  // Every forbidden class of the population probes every object route (anonymous included).
  const classes = new Set(planned.map((probe) => probe.relationship));
  for (const relationship of ['usager-same-mdph', 'usager-other-mdph', 'representative-other', 'agent-other-mdph', 'anonymous']) expect(classes.has(relationship)).toBe(true);
});

test('under a budget the direct id reaches every route × class, and rarer vectors are what is skipped', async () => {
  const run = await matrixRun();
  const planned = plannedObjectProbes(run);
  const coverage = planBudget(planned, 1_000_000).coverage;
  const plan = planBudget(planned, coverage + 10);
  const kept = planned.filter((probe) => plan.allows(probe.key));
  const units = new Set(planned.map((probe) => `${probe.route} ${probe.action} ${probe.relationship}`));
  expect(new Set(kept.map((probe) => `${probe.route} ${probe.action} ${probe.relationship}`))).toEqual(units);
  expect(kept.filter((probe) => probe.vector === 'direct-id').length).toBeGreaterThan(units.size * 0.8);
  expect(plan.skipped.reduce((sum, group) => sum + group.probes, 0)).toBe(planned.length - kept.length);
});
