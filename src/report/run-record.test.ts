import { expect, test } from '@playwright/test';
import { sumTallies } from './run-record';

test('the run record lists what a probe budget left out, summed over workers', () => {
  const budget = { max: 100, planned: 400, coverage: 20, kept: 100 };
  const skipped = (probes: number) => ({ family: 'objects', route: '/r/{id}', action: 'view', relationship: 'anonymous', vector: 'trailing-slash', probes });
  const counts = sumTallies([
    { runId: 'R', byFamily: { objects: { requests: 60, routes: ['/r/{id}'] } }, budget: { ...budget, skipped: [skipped(120)] } },
    { runId: 'R', byFamily: { objects: { requests: 40, routes: ['/r/{id}'] } }, budget: { ...budget, skipped: [skipped(180), { ...skipped(1), vector: 'id-double-slash' }] } },
    { runId: 'R', byFamily: { paths: { requests: 7, routes: ['/r/{id}'] } } },
  ]);
  expect(counts.probes.total).toBe(107);
  expect(counts.budget).toMatchObject({ max: 100, planned: 400, coverage: 20, kept: 100 });
  expect(counts.budget?.skipped.map((group) => [group.vector, group.probes])).toEqual([
    ['id-double-slash', 1],
    ['trailing-slash', 300],
  ]);
  expect(sumTallies([{ runId: 'R', byFamily: {} }]).budget).toBeUndefined();
});
