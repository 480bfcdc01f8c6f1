import { expect, test } from '@playwright/test';
import { generatePopulation } from '../population/generate';
import { loadPopulationSpec } from '../population/spec';
import { planBudget } from '../probes/budget';
import { loadProfile } from '../profile/load';
import { assumedRunState } from '../run/assumed-state';
import { RunContext } from '../run/context';
import type { Target } from '../run/target';
import { plannedRoleProbes, roleObjectSteps, scopeStep, scopesOf, selfRouteStep } from './roles-probes';
import { roleAttackers } from './roles-plan';

async function matrixRun(): Promise<RunContext> {
  const profile = loadProfile('profiles/reference-portal.json');
  const spec = loadPopulationSpec('seeds/matrix.json', { seed: 7, runId: 'PLAN3', people: profile.people });
  return new RunContext({ profile, settings: {} } as unknown as Target, assumedRunState(profile, await generatePopulation(spec), 'PLAN3'));
}

test('the roles plan is what the roles checks walk: role routes, self routes and both scopes, each request once', async () => {
  const run = await matrixRun();
  const planned = plannedRoleProbes(run);
  const keys = new Set(planned.map((probe) => probe.key));
  expect(keys.size).toBe(planned.length);
  const walked: string[] = [];
  for (const route of run.profile.routes.filter((candidate) => candidate.roles !== undefined)) {
    if (route.object === 'self') {
      for (const requester of run.identities()) {
        const step = selfRouteStep(run, route, requester);
        // A served person's own answer is a request of the check too (where a leak to that role shows).
        const served = requester !== undefined && (route.roles ?? []).includes(run.person(requester).role);
        expect(step.servedKey !== undefined).toBe(served);
        walked.push(...[step.servedKey, step.probeKey, step.visitKey, step.shellKey].filter((key): key is string => key !== undefined));
      }
      continue;
    }
    for (const owner of run.usagers()) {
      for (const step of roleObjectSteps(run, route, owner.key)) {
        walked.push(...step.controls.map((c) => c.key), ...step.probes.map((p) => p.key), ...step.visits.map((v) => v.key), ...(step.shellKey ? [step.shellKey] : []));
      }
    }
  }
  const objectRoutes = run.profile.routes.filter((route) => (route.object === 'dossier' || route.object === 'piece') && !route.roles);
  for (const check of ['representatives', 'tenants'] as const) {
    expect(scopesOf(run, check).length).toBeGreaterThan(0);
    for (const route of objectRoutes) {
      for (const scope of scopesOf(run, check)) {
        const step = scopeStep(run, route, scope);
        walked.push(...step.controls.map((c) => c.key), ...step.probes.flatMap((p) => [p.key, ...(p.shellKey ? [p.shellKey] : [])]), ...(step.visit ? [step.visit.key] : []));
      }
    }
  }
  expect([...keys].sort()).toEqual(walked.sort());
});

test('under the tightest budget every roles unit is asked once, with its controls; each object meets one member of each class, the members in turn', async () => {
  const run = await matrixRun();
  const planned = plannedRoleProbes(run);
  const plan = planBudget(planned, planBudget(planned).floor);
  const kept = planned.filter((probe) => plan.allows(probe.key));
  const unit = (probe: (typeof planned)[number]): string => `${probe.route} ${probe.action} ${probe.relationship}`;
  expect(new Set(kept.filter((probe) => !probe.control).map(unit))).toEqual(new Set(planned.filter((probe) => !probe.control).map(unit)));
  for (const probe of kept) for (const key of probe.needs ?? []) expect(plan.allows(key)).toBe(true);
  // On a role route, every object meets one member of each class (role and relationship), the
  // members taking turns over the objects.
  const route = run.profile.routes.find((candidate) => candidate.roles !== undefined && candidate.object !== 'self')!;
  const classOf = (attacker: string | undefined, owner: string): string => `${attacker === undefined ? 'anonymous' : run.person(attacker).role} ${run.policy.relationship(attacker, owner)}`;
  const attackers = new Set<string | undefined>();
  for (const owner of run.usagers()) {
    for (const step of roleObjectSteps(run, route, owner.key)) {
      const classes = step.probes.map((probe) => classOf(probe.attackerKey, owner.key));
      expect(new Set(classes).size).toBe(classes.length);
      expect(new Set(classes)).toEqual(new Set(roleAttackers(run.policy, route, owner.key).map((attacker) => classOf(attacker, owner.key))));
      for (const probe of step.probes) attackers.add(probe.attackerKey);
    }
  }
  expect(attackers.size).toBeGreaterThan(Math.max(...run.usagers().map((owner) => roleObjectSteps(run, route, owner.key)[0]!.probes.length)));
});
