import { expect, test } from '@playwright/test';
import { generatePopulation } from '../population/generate';
import { loadPopulationSpec } from '../population/spec';
import { planBudget } from '../probes/budget';
import { loadProfile } from '../profile/load';
import { assumedRunState } from '../run/assumed-state';
import { RunContext } from '../run/context';
import type { Target } from '../run/target';
import { objectCheckRoutes, objectRouteSteps, plannedObjectProbes } from './object-plan';
import { plannedRoleProbes } from './roles-probes';
import { plannedSelfProbes, selfCheckRoutes, selfStep } from './self-plan';

async function matrixRun(population = 'seeds/matrix.json'): Promise<RunContext> {
  const profile = loadProfile('profiles/reference-portal.json');
  const spec = loadPopulationSpec(population, { seed: 7, runId: 'PLAN1', people: profile.people });
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
  const floor = planBudget(planned).floor;
  const plan = planBudget(planned, floor + 10);
  const kept = planned.filter((probe) => plan.allows(probe.key));
  const negatives = (probes: typeof planned): Set<string> => new Set(probes.filter((probe) => !probe.control).map((probe) => `${probe.route} ${probe.action} ${probe.relationship}`));
  const units = negatives(planned);
  expect(negatives(kept)).toEqual(units);
  expect(kept.filter((probe) => probe.vector === 'direct-id').length).toBeGreaterThan(units.size * 0.8);
  expect(plan.skipped.reduce((sum, group) => sum + group.probes, 0)).toBe(planned.length - kept.length);
});

test('under a budget a refusal is kept with every positive control of its object, and an object with none kept sends no control', async () => {
  const run = await matrixRun();
  const planned = plannedObjectProbes(run);
  const plan = planBudget(planned, planBudget(planned).floor + 50);
  const controls = planned.filter((probe) => probe.control);
  expect(controls.length).toBeGreaterThan(0);
  for (const probe of planned) {
    if (probe.control || !plan.allows(probe.key)) continue;
    // A neighbour id is nobody's seeded object for this route: no owner to control it (as always).
    if (probe.vector !== 'neighbour-id') expect(probe.needs?.length).toBeGreaterThan(0);
    for (const key of probe.needs ?? []) expect(plan.allows(key)).toBe(true);
  }
  const needed = new Set(planned.filter((probe) => !probe.control && plan.allows(probe.key)).flatMap((probe) => probe.needs ?? []));
  for (const control of controls) expect(plan.allows(control.key)).toBe(needed.has(control.key));
  expect(controls.some((control) => !plan.allows(control.key))).toBe(true);
  // The controls are paid from the budget: what is kept, controls included, is the budget.
  expect(plan.kept).toBe(planned.filter((probe) => plan.allows(probe.key)).length);
  expect(plan.kept).toBeLessThanOrEqual(planBudget(planned).floor + 50);
  // The walk a check makes holds the same controls and browser visits as the plan.
  const route = objectCheckRoutes(run).find((candidate) => candidate.channel === 'ui' && candidate.action === 'view');
  const owner = run.usagers()[0]!.key;
  const [first, second] = objectRouteSteps(run, route!, owner);
  expect(first!.controls[0]!.requesterKey).toBe(owner);
  expect(first!.visits.map((visit) => visit.attackerKey)).toEqual(first!.attackers);
  expect(second!.visits).toEqual([]);
  expect(first!.shellKey).toBeDefined();
});

test('the own lists and searches are planned with the object checks: every requester × one victim of each class × filter, a usager\'s own view its control', async () => {
  const run = await matrixRun();
  const planned = plannedSelfProbes(run);
  expect(new Set(planned.map((probe) => probe.key)).size).toBe(planned.length);
  for (const route of selfCheckRoutes(run)) {
    for (const requester of run.identities()) {
      const step = selfStep(run, route, requester);
      expect(step.controlKey !== undefined).toBe(requester !== undefined && run.person(requester).role === 'usager');
      // One victim of each forbidden class, not every forbidden person: linear in people.
      const forbidden = run.policy.forbiddenOwners(requester, route.name);
      const classes = new Set(forbidden.map((victim) => run.policy.relationship(requester, victim.key)));
      const aimed = new Set(step.probes.map((probe) => probe.victimKey));
      expect(aimed.size).toBe(classes.size);
      expect(new Set([...aimed].map((victim) => run.policy.relationship(requester, victim)))).toEqual(classes);
      // A request that names no victim is sent once, not once per victim: every call of a step differs.
      const calls = step.probes.map((probe) => JSON.stringify(probe.call));
      expect(new Set(calls).size).toBe(calls.length);
      if (!route.path.includes('{') && route.action !== 'search') expect(step.probes.filter((probe) => probe.vector === 'plain')).toHaveLength(1);
    }
  }
  const plan = planBudget(planned, planBudget(planned).floor);
  const kept = planned.filter((probe) => !probe.control && plan.allows(probe.key));
  // Each requester's class towards a victim meets each route once: its plain request or first
  // search, or its first filter where that plain request was already sent for another victim.
  expect(kept.every((probe) => probe.vector === 'plain' || probe.vector.startsWith('search:') || probe.rank === 1)).toBe(true);
  for (const probe of kept) for (const key of probe.needs ?? []) expect(plan.allows(key)).toBe(true);
});

test('the object, own-list and roles checks grow linearly with the population, not as requesters × victims', async () => {
  const [small, large] = await Promise.all([matrixRun('seeds/bench-8.json'), matrixRun('seeds/bench-64.json')]);
  const people = large.usagers().length / small.usagers().length;
  // Eight times the usagers (and their pièces): the plan grows by about that, never by its square.
  for (const plan of [plannedObjectProbes, plannedSelfProbes, plannedRoleProbes]) {
    const growth = plan(large).length / plan(small).length;
    expect(growth).toBeGreaterThan(people / 2);
    expect(growth).toBeLessThan(people * 1.5);
  }
});
