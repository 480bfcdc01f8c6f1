import { expect, test } from '@playwright/test';
import { profileReport, stepKind, type JsonReport } from './profile';

test('stepKind folds keys and ids so steps of one kind add up', () => {
  expect(stepKind('usager-075-0, rep-0 reach usager-075-0-piece-1 (positive controls)')).toBe('#… reach # (positive controls)');
  expect(stepKind('usager-013-1, anonymous are refused usager-075-0-piece-2')).toBe('#, anonymous are refused #');
});

test('profileReport totals durations per file, describe and step kind, slowest first', () => {
  const report: JsonReport = {
    stats: { duration: 5000 },
    suites: [
      {
        title: 'objects/a.spec.ts',
        file: 'objects/a.spec.ts',
        specs: [],
        suites: [
          {
            title: 'route x',
            specs: [
              { title: 't1', tests: [{ results: [{ duration: 1000, steps: [{ title: 'usager-1 reach p-1', duration: 600 }] }] }] },
              { title: 't2', tests: [{ results: [{ duration: 3000, steps: [{ title: 'usager-2 reach p-2', duration: 2500 }] }] }] },
            ],
          },
        ],
      },
      { title: 'setup/s.setup.ts', file: 'setup/s.setup.ts', specs: [{ title: 'seed', tests: [{ results: [{ duration: 500 }] }] }] },
    ],
  };
  const profile = profileReport(report);
  expect(profile.wallMs).toBe(5000);
  expect(profile.testMs).toBe(4500);
  expect(profile.tests).toBe(3);
  expect(profile.byFile).toEqual([
    { name: 'objects/a.spec.ts', ms: 4000, count: 2 },
    { name: 'setup/s.setup.ts', ms: 500, count: 1 },
  ]);
  expect(profile.byDescribe[0]).toEqual({ name: 'objects/a.spec.ts › route x', ms: 4000, count: 2 });
  expect(profile.byStepKind).toEqual([{ name: '# reach #', ms: 3100, count: 2 }]);
  expect(profile.slowestTests[0]?.name).toBe('objects/a.spec.ts › route x › t2');
});
