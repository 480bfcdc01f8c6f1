import { expect, test } from '@playwright/test';
import { catalogProblems, judgeRow, type RunRecord } from '../src/gate/matrix';
import { judgeRun, type TestOutcome } from '../src/report/verdict';
import { MATRIX_TARGETS } from './matrix-targets';

const FLOOR = { tests: 3, probes: 100 };
const flaw = { id: 'logout-noop', caughtBy: 'sessions', checks: ['sessions/logout', 'sessions/share-logout'] };

function record(checks: string[], tests: TestOutcome[], probes = 500): RunRecord {
  const verdict = judgeRun({ tests, findings: checks.length, status: 'passed' });
  return { summary: { findings: checks.length, suspicious: 0, tests: tests.length }, findings: checks.map((check) => ({ check })), run: { verdict, counts: { probes: { total: probes } } } };
}
const ok = (n: number): TestOutcome[] => Array.from({ length: n }, (_, index) => ({ title: `t${index}`, status: 'passed', findings: 0 }));
const failedOtherwise: TestOutcome = { title: 'roles › back office', status: 'failed', findings: 0, error: 'positive control failed: GET /agent answered 500' };

test('every catalog of the matrix targets names known families and checks', async () => {
  const flaws = (await Promise.all(MATRIX_TARGETS.map(async (target) => (await target.flaws()).map((entry) => ({ ...entry, target: target.name }))))).flat();
  expect(flaws.length).toBeGreaterThan(20);
  expect(catalogProblems(flaws)).toEqual([]);
});

test('an unknown family or check, or a catalog entry without checks, is refused', () => {
  expect(catalogProblems([{ id: 'x', caughtBy: 'object', checks: ['objects/download'], target: 'portal' }])).toEqual([
    'portal flaw x: caughtBy "object" is not a check family',
    'portal flaw x: no check of its family "object" among objects/download',
  ]);
  expect(catalogProblems([{ id: 'y', caughtBy: 'sessions', checks: ['sessions/logout', 'sessions/fixated'], target: 'parse' }])).toEqual(['parse flaw y: check "sessions/fixated" is not one cloison reports']);
  expect(catalogProblems([{ id: 'z', caughtBy: 'sessions', checks: [], target: 'guichet' }])).toContain('guichet flaw z: checks is empty: name the check(s) that must fire');
});

test('a flaw is caught only when every named check fired', () => {
  const both = record(['sessions/logout', 'sessions/share-logout'], [...ok(3), { title: 'logout', status: 'failed', findings: 2 }]);
  expect(judgeRow(both, 1, flaw, FLOOR)).toMatchObject({ verdict: 'CAUGHT', missing: [] });
  // The family fired, but not the check the flaw exists for.
  const family = record(['sessions/share-logout', 'sessions/no-store'], [...ok(3), { title: 'share', status: 'failed', findings: 2 }]);
  expect(judgeRow(family, 1, flaw, FLOOR)).toMatchObject({ verdict: 'PARTLY CAUGHT', missing: ['sessions/logout'] });
  const other = record(['objects/download'], [...ok(3), { title: 'dl', status: 'failed', findings: 1 }]);
  expect(judgeRow(other, 1, flaw, FLOOR).verdict).toBe('MISSED');
});

test('a flaw run where another test failed for another reason is reported, not CAUGHT', () => {
  const run = record(['sessions/logout', 'sessions/share-logout'], [...ok(3), { title: 'logout', status: 'failed', findings: 2 }, failedOtherwise]);
  expect(judgeRow(run, 1, flaw, FLOOR)).toMatchObject({ verdict: 'CAUGHT, NOT CHECKED', note: expect.stringContaining('roles › back office: positive control failed') });
});

test('a secure run is clean only with 0 findings, a clean verdict and at least the expected tests and probes', () => {
  expect(judgeRow(record([], ok(5)), 0, undefined, FLOOR).verdict).toBe('clean');
  expect(judgeRow(record([], ok(2)), 0, undefined, FLOOR)).toMatchObject({ verdict: 'NOT CLEAN', note: '2 tests, expected at least 3' });
  expect(judgeRow(record([], ok(5), 10), 0, undefined, FLOOR)).toMatchObject({ verdict: 'NOT CLEAN', note: '10 probes, expected at least 100' });
  expect(judgeRow(record([], []), 2, undefined, { tests: 0, probes: 0 }).verdict).toBe('NOT CLEAN');
  // Under a probe budget the floor counts what was planned: sent plus the skipped probes the record lists.
  const budgeted = record([], ok(5), 60);
  budgeted.run.counts = { ...budgeted.run.counts, budget: { max: 60, skipped: [{ probes: 30 }, { probes: 10 }] } };
  expect(judgeRow(budgeted, 0, undefined, FLOOR).verdict).toBe('clean');
  budgeted.run.counts.budget = { max: 60, skipped: [{ probes: 30 }] };
  expect(judgeRow(budgeted, 0, undefined, FLOOR)).toMatchObject({ verdict: 'NOT CLEAN', note: '60 probes (+30 skipped by the budget of 60), expected at least 100' });
  expect(judgeRow(record([], [...ok(5), failedOtherwise]), 2, undefined, FLOOR).note).toContain('exit 2');
  expect(judgeRow(undefined, 1, undefined, FLOOR).verdict).toBe('ERROR');
});

test('answers not scanned whole are counted on their own, and a secure run with one is not clean', () => {
  const unread = { ...record(['objects/export'], [...ok(3), { title: 'export', status: 'failed', findings: 1 }]), summary: { findings: 1, suspicious: 0, unscanned: 1, tests: 4 } };
  expect(judgeRow(unread, 1, undefined, FLOOR)).toMatchObject({ verdict: 'NOT CLEAN', findings: 1, unscanned: 1 });
  // A record written before the count existed reads as none.
  expect(judgeRow(record([], ok(3)), 0, undefined, FLOOR)).toMatchObject({ verdict: 'clean', unscanned: 0 });
});
