import { expect, test } from '@playwright/test';
import { judgeRun, mergeVerdicts, oneLine, type TestOutcome } from './verdict';

const passed = (title: string): TestOutcome => ({ title, status: 'passed', findings: 0 });

test('no finding and every test ran: exit 0, the not-applicable ones listed with their reason', () => {
  const verdict = judgeRun({
    tests: [passed('setup'), passed('objects'), { title: 'cookie flags', status: 'passed', findings: 0, notApplicable: 'the session is a bearer token' }],
    findings: 0,
    status: 'passed',
  });
  expect(verdict).toMatchObject({ exitCode: 0, outcome: 'clean', declared: 3, checked: 2, incomplete: [] });
  expect(verdict.notApplicable).toEqual([{ test: 'cookie flags', reason: 'the session is a bearer token' }]);
});

test('findings: exit 1, and the tests that could not check are still said', () => {
  const verdict = judgeRun({
    tests: [passed('setup'), { title: 'download', status: 'failed', findings: 2, error: '2 finding(s):' }, { title: 'back office', status: 'failed', findings: 0, error: 'positive control failed: GET /x answered 500' }],
    findings: 2,
    status: 'failed',
  });
  expect(verdict.exitCode).toBe(1);
  expect(verdict.reason).toContain('back office: positive control failed: GET /x answered 500');
});

test('a failed setup and the tests it skipped: exit 2, naming the setup\'s error, not "skipped"', () => {
  const verdict = judgeRun({
    tests: [
      { title: 'setup › seed the population', status: 'failed', findings: 0, error: 'login as u075a did not prove its identity: GET /api/moi answered 401 without the person\'s e-mail' },
      { title: 'objects › download', status: 'skipped', findings: 0 },
      { title: 'objects › view' , findings: 0 },
    ],
    findings: 0,
    status: 'failed',
  });
  expect(verdict.exitCode).toBe(2);
  expect(verdict.reason).toContain('setup › seed the population: login as u075a did not prove its identity: GET /api/moi answered 401');
  expect(verdict.incomplete.map((entry) => entry.reason)).toEqual([expect.stringContaining('login as u075a'), expect.stringContaining('skipped'), expect.stringContaining('did not run')]);
});

test('a run that checked nothing is never clean: no test, only not-applicable tests, or an error outside any test', () => {
  expect(judgeRun({ tests: [], findings: 0, status: 'passed' }).exitCode).toBe(2);
  expect(judgeRun({ tests: [{ title: 'writes', status: 'passed', findings: 0, notApplicable: 'no write routes' }], findings: 0, status: 'passed' }).exitCode).toBe(2);
  const crashed = judgeRun({ tests: [passed('setup')], findings: 0, globalErrors: ['Timed out waiting 30000ms from config.webServer.'], status: 'failed' });
  expect(crashed).toMatchObject({ exitCode: 2, reason: expect.stringContaining('config.webServer') });
  expect(judgeRun({ tests: [passed('setup')], findings: 0, status: 'interrupted' }).exitCode).toBe(2);
});

test('shards merge into one verdict: a clean shard and an incomplete one are incomplete', () => {
  const clean = judgeRun({ tests: [passed('a'), { title: 'b', status: 'passed', findings: 0, notApplicable: 'no ids' }], findings: 0, status: 'passed' });
  const broken = judgeRun({ tests: [{ title: 'c', status: 'timedOut', findings: 0, error: 'Test timeout of 180000ms exceeded.' }], findings: 0, status: 'failed' });
  expect(mergeVerdicts([clean, clean], 0)).toMatchObject({ exitCode: 0, declared: 4, checked: 2 });
  expect(mergeVerdicts([clean, broken], 0)).toMatchObject({ exitCode: 2, reason: expect.stringContaining('c: timed out') });
  expect(mergeVerdicts([clean, undefined], 0).exitCode).toBe(2);
  expect(mergeVerdicts([clean, broken], 3).exitCode).toBe(1);
});

test('an error becomes one line, without colours or the Error prefix', () => {
  expect(oneLine('\u001b[31mError: positive control failed: GET /a\u001b[39m\n\nexpect(received).toBe(expected)')).toBe('positive control failed: GET /a');
  expect(oneLine(undefined)).toBeUndefined();
});
