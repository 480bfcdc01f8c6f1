import { expect, test } from '@playwright/test';
import { pathCheckRoutes, pathOwners, pathStep, plannedPathProbes } from './paths-plan';
import { generatePopulation } from '../population/generate';
import { loadPopulationSpec } from '../population/spec';
import { planBudget } from '../probes/budget';
import type { PlannedProbe } from '../probes/probe-order';
import { loadProfile } from '../profile/load';
import { assumedRunState } from '../run/assumed-state';
import { RunContext } from '../run/context';
import type { Target } from '../run/target';
import { burstPlan, DEFAULT_BURST, plannedConcurrencyProbes, plansOf, sequentialPlan } from './concurrency-plan';
import { plannedProbes, runBudget, runtimeKeeps } from './run-plan';

async function run(seeds = 'seeds/matrix.json', maxProbes?: number): Promise<RunContext> {
  const profile = loadProfile('profiles/reference-portal.json');
  const spec = loadPopulationSpec(seeds, { seed: 7, runId: 'PLAN2', people: profile.people });
  const state = assumedRunState(profile, await generatePopulation(spec), 'PLAN2');
  return new RunContext({ profile, settings: { maxProbes }, baseURL: 'http://127.0.0.1:1' } as unknown as Target, state);
}

test('the run plan holds the object, path, concurrency, roles and writes probes, each once', async () => {
  const context = await run();
  const planned = plannedProbes(context);
  expect(new Set(planned.map((probe) => probe.key)).size).toBe(planned.length);
  expect(new Set(planned.map((probe) => probe.family))).toEqual(new Set(['objects', 'paths', 'concurrency', 'roles', 'writes']));
  // Every control a probe needs is in the plan.
  const controls = new Set(planned.filter((probe) => probe.control).map((probe) => probe.key));
  for (const probe of planned) for (const key of probe.needs ?? []) expect(controls.has(key)).toBe(true);
});

test('without a budget the plan keeps every probe and control of every family, and skips nothing', async () => {
  for (const seeds of ['seeds/matrix.json', 'seeds/default.json']) {
    const context = await run(seeds);
    const planned = plannedProbes(context);
    const plan = runBudget(context);
    expect(plan.max).toBeUndefined();
    expect(plan.kept).toBe(planned.length);
    expect(planned.every((probe) => plan.allows(probe.key))).toBe(true);
    expect(plan.skipped).toEqual([]);
    for (const family of Object.values(plan.families)) expect(family.kept).toBe(family.planned);
  }
});

test('the path plan is what the path checks walk: every spelling, by one identity of each forbidden class', async () => {
  const context = await run();
  const planned = plannedPathProbes(context);
  const walked = pathCheckRoutes(context).flatMap((route) => pathOwners(context).flatMap((owner) => {
    const step = pathStep(context, route, owner);
    return 'probes' in step ? [step.controlKey, ...step.probes.map((probe) => probe.key)] : [];
  }));
  expect(planned.map((probe) => probe.key).sort()).toEqual(walked.sort());
  // Each spelling needs its owner's positive control: an owner none of whose spellings is kept sends none.
  for (const probe of planned.filter((candidate) => !candidate.control)) expect(probe.needs).toEqual([expect.stringMatching(/\|positive-control$/)]);
  // Under the tightest budget every route × class still meets one spelling, a version sibling where the URL has a version.
  const plan = planBudget(planned, planBudget(planned).floor);
  const kept = planned.filter((probe) => plan.allows(probe.key));
  expect(new Set(kept.map((probe) => `${probe.route} ${probe.relationship}`))).toEqual(new Set(planned.map((probe) => `${probe.route} ${probe.relationship}`)));
  for (const probe of kept) if (!probe.control && /\/v\d+\//.test(probe.route)) expect(probe.vector).toMatch(/^version sibling/);
});

test('the concurrency plan keeps each sequence whole and cuts the later rounds of a burst first', async () => {
  const context = await run();
  const planned = plannedConcurrencyProbes(context);
  const plans = plansOf(context);
  const rounds = burstPlan(plans);
  expect(rounds).toHaveLength(DEFAULT_BURST.rounds);
  const sequences = sequentialPlan(plans).flatMap((entry) => entry.probes);
  expect(planned).toHaveLength(rounds.flat().length + sequences.length);
  const firstPass = planned.filter((probe) => probe.vector === 'parallel-burst' && probe.depth === 0);
  expect(firstPass).toHaveLength((rounds[0]?.length ?? 0) / DEFAULT_BURST.repeats);
  const plan = planBudget(planned, sequences.length + firstPass.length);
  for (const probe of sequences) expect(plan.allows(probe.key)).toBe(true);
  // Every session meets every route in the first pass before any later pass is kept.
  for (const probe of firstPass) expect(plan.allows(probe.key)).toBe(true);
  expect(planned.some((probe) => probe.depth > 0 && plan.allows(probe.key))).toBe(false);
});

test('the default population under the release-gate preset: every family keeps its coverage', async () => {
  const context = await run('seeds/default.json');
  const planned = plannedProbes(context);
  const plan = planBudget(planned, 3000);
  expect(plan.kept).toBe(3000);
  for (const family of ['objects', 'paths', 'concurrency', 'roles', 'writes']) expect(plan.families[family]!.kept).toBeGreaterThanOrEqual(plan.families[family]!.coverage);
  expect(plan.skipped.reduce((sum, group) => sum + group.probes, 0)).toBe(planned.length - 3000);
  // The controls are in the arithmetic: what is kept, controls included, is the budget.
  expect(planned.filter((probe) => plan.allows(probe.key))).toHaveLength(3000);
  expect(planned.some((probe) => probe.control && plan.allows(probe.key))).toBe(true);
});

test('a family planned at run time (discovery, pages) sends each unit once under a budget, everything without one', async () => {
  const replays: PlannedProbe[] = ['usager-same-mdph', 'anonymous'].flatMap((relationship) =>
    ['replay', 'trailing-slash', 'neighbour-id'].map((vector, rank) => ({ key: `${relationship} ${vector}`, family: 'discovery', route: '/found/{id}', action: 'view', relationship, vector, depth: 0, rank })),
  );
  const unlimited = runtimeKeeps(await run(), replays);
  expect(replays.every((probe) => unlimited(probe))).toBe(true);
  const keep = runtimeKeeps(await run('seeds/matrix.json', 3000), replays);
  expect(replays.filter((probe) => keep(probe)).map((probe) => probe.key)).toEqual(['usager-same-mdph replay', 'anonymous replay']);
  // Discovery asks for every id spelling once per template too, by the nearest class.
  const spelled = runtimeKeeps(await run('seeds/matrix.json', 3000), replays, { everyVectorOnce: true });
  expect(replays.filter((probe) => spelled(probe)).map((probe) => probe.key)).toEqual(['usager-same-mdph replay', 'usager-same-mdph trailing-slash', 'usager-same-mdph neighbour-id', 'anonymous replay']);
});
