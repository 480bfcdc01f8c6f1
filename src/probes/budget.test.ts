import { expect, test } from '@playwright/test';
import { ConfigError } from '../errors';
import { planBudget } from './budget';
import { breadthProbes, coverageProbes, orderProbes, type PlannedProbe } from './probe-order';

/** Two routes × two classes × three objects × three vectors: 36 probes, 4 coverage units. */
function probes(): PlannedProbe[] {
  const out: PlannedProbe[] = [];
  for (const route of ['/a/{id}', '/b/{id}']) {
    for (const relationship of ['anonymous', 'usager-same-mdph']) {
      for (const depth of [0, 1, 2]) {
        for (const vector of ['trailing-slash', 'direct-id', 'method-override-header']) {
          out.push({ key: `${route} ${relationship} ${depth} ${vector}`, family: 'objects', route, action: 'view', relationship, vector, depth });
        }
      }
    }
  }
  return out;
}

test('the direct id of the first object comes first for every route × class, nearest class first', () => {
  const ordered = orderProbes(probes());
  expect(ordered.slice(0, 4).map((probe) => `${probe.route} ${probe.relationship} ${probe.vector} ${probe.depth}`)).toEqual([
    '/a/{id} usager-same-mdph direct-id 0',
    '/b/{id} usager-same-mdph direct-id 0',
    '/a/{id} anonymous direct-id 0',
    '/b/{id} anonymous direct-id 0',
  ]);
  // Then every other vector once per route × class, the likelier first, before any second object.
  const next = ordered.slice(4, 12);
  expect(next.every((probe) => probe.depth === 0)).toBe(true);
  expect(next.slice(0, 4).every((probe) => probe.vector === 'method-override-header')).toBe(true);
  expect(next.slice(4).every((probe) => probe.vector === 'trailing-slash')).toBe(true);
  // Then the direct id on every other object, before rarer vectors on them.
  expect(ordered.slice(12, 20).every((probe) => probe.vector === 'direct-id' && probe.depth > 0)).toBe(true);
  expect(ordered).toHaveLength(36);
  expect(new Set(ordered.map((probe) => probe.key)).size).toBe(36);
});

test('breadth: beyond coverage, each other vector once per route, asked by the nearest class on the first object', () => {
  const all = probes();
  const breadth = breadthProbes(all);
  expect(breadth.map((probe) => `${probe.route} ${probe.relationship} ${probe.vector} ${probe.depth}`).sort()).toEqual([
    '/a/{id} usager-same-mdph method-override-header 0',
    '/a/{id} usager-same-mdph trailing-slash 0',
    '/b/{id} usager-same-mdph method-override-header 0',
    '/b/{id} usager-same-mdph trailing-slash 0',
  ]);
  const covered = new Set(coverageProbes(all).map((probe) => probe.key));
  expect(breadth.some((probe) => covered.has(probe.key))).toBe(false);
});

test('a unit with no direct id is covered by its likeliest vector', () => {
  const only: PlannedProbe[] = [
    { key: 'n2', family: 'objects', route: '/a/{id}', action: 'view', relationship: 'unknown-object', vector: 'neighbour-id', depth: 2 },
    { key: 'n1', family: 'objects', route: '/a/{id}', action: 'view', relationship: 'unknown-object', vector: 'neighbour-id', depth: 1 },
    { key: 'd', family: 'objects', route: '/a/{id}', action: 'view', relationship: 'anonymous', vector: 'direct-id', depth: 3 },
  ];
  expect(orderProbes(only).map((probe) => probe.key)).toEqual(['d', 'n1', 'n2']);
  expect(planBudget(only, 2).allows('n2')).toBe(false);
  expect(planBudget(only, 2).allows('n1')).toBe(true);
});

test('a budget covers every route × class × action once, spends the rest in order and lists what it skipped', () => {
  const all = probes();
  const unlimited = planBudget(all);
  expect(unlimited.kept).toBe(36);
  expect(all.every((probe) => unlimited.allows(probe.key))).toBe(true);
  expect(unlimited.skipped).toEqual([]);

  const plan = planBudget(all, 10);
  expect(plan).toMatchObject({ max: 10, planned: 36, coverage: 4, kept: 10 });
  const kept = orderProbes(all).filter((probe) => plan.allows(probe.key));
  expect(kept).toHaveLength(10);
  for (const route of ['/a/{id}', '/b/{id}']) for (const relationship of ['anonymous', 'usager-same-mdph']) expect(kept.some((probe) => probe.route === route && probe.relationship === relationship)).toBe(true);
  // Every probe not sent is in the list, grouped by route, class and vector.
  expect(plan.skipped.reduce((sum, group) => sum + group.probes, 0)).toBe(26);
  expect(plan.skipped.find((group) => group.route === '/a/{id}' && group.relationship === 'anonymous' && group.vector === 'direct-id')?.probes).toBe(2);
});

test('a budget too small to cover every route × class × action once is refused, naming the variable', () => {
  expect(() => planBudget(probes(), 3)).toThrow(ConfigError);
  expect(() => planBudget(probes(), 3)).toThrow(/CLOISON_MAX_PROBES is 3: covering every family's route × forbidden relationship class × action once takes 4 probes with their positive controls \(raise it to 4 at least/);
  expect(planBudget(probes(), 4).kept).toBe(4);
});

test('families share one budget: each family covers its units, ranks its own vectors, and is counted apart', () => {
  const objects = probes();
  // A family with its own order (rank) and a unit of its own for each step of a sequence.
  const burst: PlannedProbe[] = [0, 1, 2].flatMap((depth) => ['usager', 'agent'].map((role) => ({ key: `burst ${depth} ${role}`, family: 'load', route: '/mine', action: 'list', relationship: role, vector: 'burst', depth, rank: depth })));
  const sequence: PlannedProbe[] = ['a', 'b', 'c'].map((who) => ({ key: `seq ${who}`, family: 'load', route: '/me', action: 'list', relationship: 'usager', vector: 'sequence', depth: 0, rank: 0, unit: `load sequence ${who}` }));
  const all = [...objects, ...burst, ...sequence];
  const plan = planBudget(all, 12);
  // 4 object units, 2 burst units (one per role), 3 sequence steps each a unit.
  expect(plan.coverage).toBe(9);
  expect(plan.families).toMatchObject({ load: { planned: 9, coverage: 5 }, objects: { planned: 36, coverage: 4 } });
  expect(Object.keys(plan.families)).toEqual(['load', 'objects']);
  expect(plan.families.load!.kept + plan.families.objects!.kept).toBe(12);
  for (const probe of sequence) expect(plan.allows(probe.key)).toBe(true);
  expect(plan.allows('burst 0 usager') && plan.allows('burst 0 agent')).toBe(true);
  // A later round of a burst tells less than its first: it is what goes first.
  expect(plan.allows('burst 2 usager')).toBe(false);
  expect(plan.skipped.some((group) => group.family === 'load' && group.vector === 'burst')).toBe(true);
  expect(() => planBudget(all, 8)).toThrow(/takes 9 probes/);
});

test('a positive control is kept with the first kept probe that needs it, paid from the budget, and never on its own', () => {
  // Two objects, each with one control and three refusals; a third control no refusal needs.
  const controls: PlannedProbe[] = ['o1', 'o2', 'spare'].map((object) => ({ key: `control ${object}`, family: 'objects', route: '/a/{id}', action: 'view', relationship: 'owner', vector: 'positive-control', depth: 0, control: true }));
  const refusals: PlannedProbe[] = [0, 1].flatMap((depth) => ['direct-id', 'trailing-slash', 'method-head'].map((vector) => ({
    key: `o${depth + 1} ${vector}`, family: 'objects', route: '/a/{id}', action: 'view', relationship: 'anonymous', vector, depth, needs: [`control o${depth + 1}`],
  })));
  const all = [...controls, ...refusals];
  // Without a budget: everything, in no new order.
  const unlimited = planBudget(all);
  expect(all.every((probe) => unlimited.allows(probe.key))).toBe(true);
  expect(unlimited).toMatchObject({ planned: 9, kept: 9, coverage: 1, floor: 2, skipped: [] });
  expect(orderProbes(all).map((probe) => probe.key)).toEqual(orderProbes(refusals).map((probe) => probe.key));

  // 2: the coverage probe and its control; the other object's refusals cost a control more.
  const tight = planBudget(all, 2);
  expect(all.filter((probe) => tight.allows(probe.key)).map((probe) => probe.key)).toEqual(['control o1', 'o1 direct-id']);
  // 4: o1's other vectors fit without a new control (breadth on the first object comes first).
  const four = planBudget(all, 4);
  expect(all.filter((probe) => four.allows(probe.key)).map((probe) => probe.key).sort()).toEqual(['control o1', 'o1 direct-id', 'o1 method-head', 'o1 trailing-slash']);
  // 5: o2's direct id with its control would make 6: it is skipped, nothing later fits either.
  expect(planBudget(all, 5).kept).toBe(4);
  const six = planBudget(all, 6);
  expect(six.allows('o2 direct-id') && six.allows('control o2')).toBe(true);
  expect(six.families.objects).toMatchObject({ planned: 9, coverage: 1, kept: 6 });
  // What is not sent is listed, the control nobody needed included.
  expect(six.skipped.find((group) => group.vector === 'positive-control')?.probes).toBe(1);
  expect(six.skipped.reduce((sum, group) => sum + group.probes, 0)).toBe(3);
  expect(() => planBudget(all, 1)).toThrow(/takes 2 probes with their positive controls/);
});
