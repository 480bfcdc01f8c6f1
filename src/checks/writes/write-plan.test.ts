import { expect, test } from '@playwright/test';
import { generatePopulation } from '../../population/generate';
import { loadPopulationSpec } from '../../population/spec';
import { planBudget } from '../../probes/budget';
import { loadProfile } from '../../profile/load';
import { assumedRunState } from '../../run/assumed-state';
import { RunContext } from '../../run/context';
import type { Target } from '../../run/target';
import { plannedWriteProbes, writeRoutesOf, writeSideStep } from './write-plan';

async function matrixRun(baseURL = 'http://127.0.0.1:1', population = 'seeds/matrix.json'): Promise<RunContext> {
  const profile = loadProfile('profiles/reference-portal.json');
  const spec = loadPopulationSpec(population, { seed: 7, runId: 'PLAN4', people: profile.people });
  return new RunContext({ profile, settings: {}, baseURL } as unknown as Target, assumedRunState(profile, await generatePopulation(spec), 'PLAN4'));
}

test('the write plan is what the write side walks: one forbidden identity of each class tries every write on every victim, each in turn', async () => {
  const run = await matrixRun();
  const planned = plannedWriteProbes(run);
  const keys = new Set(planned.map((probe) => probe.key));
  expect(keys.size).toBe(planned.length);
  const routes = writeRoutesOf(run.profile.writes ?? []);
  const classOf = (attacker: string | undefined, victim: string): string => `${attacker === undefined ? 'anonymous' : run.person(attacker).role} ${run.policy.relationship(attacker, victim)}`;
  const attacking = new Set<string | undefined>();
  const forbiddenSomewhere = new Set<string | undefined>();
  for (const victim of run.usagers()) {
    const step = writeSideStep(run, routes, victim.key);
    const forbidden = run.identities().filter((key) => key === undefined || !run.policy.mayWrite(key, victim.key));
    const classes = step.attackers.map((attacker) => classOf(attacker.attackerKey, victim.key));
    expect(new Set(classes).size).toBe(classes.length);
    expect(new Set(classes)).toEqual(new Set(forbidden.map((key) => classOf(key, victim.key))));
    for (const attacker of step.attackers) attacking.add(attacker.attackerKey);
    for (const key of forbidden) forbiddenSomewhere.add(key);
    for (const attacker of step.attackers) {
      for (const attempt of attacker.attempts) {
        expect(keys.has(attempt.key)).toBe(true);
        // What the write side sends after an attempt (the victim reads an overwritten pièce back; a
        // mass-assignment upload is deleted from the attacker's dossier) is a control the attempt needs.
        expect(attempt.followUps).toHaveLength(attempt.flaw === 'overwrite' || attempt.flaw === 'mass-assignment' ? 1 : 0);
        const probe = planned.find((candidate) => candidate.key === attempt.key);
        for (const key of attempt.followUps) {
          expect(keys.has(key)).toBe(true);
          expect(probe?.needs).toContain(key);
        }
      }
    }
    for (const key of step.controls) expect(keys.has(key)).toBe(true);
  }
  // The members take turns over the victims: more of them attack than any one victim meets.
  expect(attacking.size).toBeGreaterThan(Math.max(...run.usagers().map((victim) => writeSideStep(run, routes, victim.key).attackers.length)));
  expect(attacking.size).toBeLessThanOrEqual(forbiddenSomewhere.size);
  // Anonymous cannot assign owner fields (it has no dossier of its own); a usager can.
  expect(new Set(planned.filter((probe) => probe.action === 'mass-assignment').map((probe) => probe.relationship)).has('anonymous')).toBe(false);
  expect(planned.some((probe) => probe.action === 'overwrite')).toBe(true);
  // Off loopback, unless allowed, no write is planned: the write side does not run.
  expect(plannedWriteProbes(await matrixRun('https://recette.example.test'))).toEqual([]);
});

test('under the tightest budget every write × class is tried once, with the victim\'s controls and its throw-away pièce', async () => {
  const run = await matrixRun();
  const planned = plannedWriteProbes(run);
  const unlimited = planBudget(planned);
  expect(planned.every((probe) => unlimited.allows(probe.key))).toBe(true);
  const plan = planBudget(planned, unlimited.floor);
  const unit = (probe: (typeof planned)[number]): string => `${probe.route} ${probe.action} ${probe.relationship}`;
  const attempts = planned.filter((probe) => !probe.control);
  expect(new Set(attempts.filter((probe) => plan.allows(probe.key)).map(unit))).toEqual(new Set(attempts.map(unit)));
  for (const probe of attempts) if (plan.allows(probe.key)) for (const key of probe.needs ?? []) expect(plan.allows(key)).toBe(true);
  // A victim (or an attacker's throw-away pièce) none of whose attempts is kept costs no control.
  const kept = attempts.filter((probe) => plan.allows(probe.key));
  expect(new Set(kept.map((probe) => probe.key.split('|')[1])).size).toBeLessThan(run.usagers().length);
  const needed = new Set(kept.flatMap((probe) => probe.needs ?? []));
  for (const control of planned.filter((probe) => probe.control)) expect(plan.allows(control.key)).toBe(needed.has(control.key));
});

test('the write plan grows linearly with the population, not as attackers × victims', async () => {
  const [small, large] = await Promise.all([matrixRun(undefined, 'seeds/bench-8.json'), matrixRun(undefined, 'seeds/bench-64.json')]);
  const growth = plannedWriteProbes(large).length / plannedWriteProbes(small).length;
  const people = large.usagers().length / small.usagers().length;
  expect(growth).toBeGreaterThan(people / 2);
  expect(growth).toBeLessThan(people * 1.5);
});
