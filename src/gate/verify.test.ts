import { expect, test } from '@playwright/test';
import { rootCauseIdOf } from '../findings/root-cause';
import { filesOf, formatOutcomes, grepFor, judgeFix, rootCauseOutcomes, targetsOf, type RerunTest } from './verify';

const TITLE = "security › objects/piece-access.spec.ts › pièce download through api /api/v2/pieces/{pieceId}/contenu › each usager's pièces reach that usager's audience only";
const previous = [
  { id: 'a1b2c3d4e5f60718', check: 'objects/download', title: 'u075b downloads u075a', instances: [{ test: { title: TITLE, file: 'tests/objects/piece-access.spec.ts' } }, { test: { title: TITLE, file: 'tests/objects/piece-access.spec.ts' } }] },
  { id: '0000000000000002', check: 'objects/view', title: 'other', instances: [{ test: { title: 'security › objects/x.spec.ts › y › z', file: 'tests/objects/x.spec.ts' } }] },
];
const passed = (positiveControls = ["u075a, u075b reach u075a-d1 (positive controls)"]): RerunTest => ({ title: TITLE, status: 'passed', positiveControls });

test('targets: the tests behind the chosen findings, once each; an unknown id is refused', () => {
  const targets = targetsOf(previous, ['a1b2c3d4e5f60718']);
  expect(targets).toHaveLength(1);
  expect(targets[0]?.tests).toEqual([{ title: TITLE, file: 'tests/objects/piece-access.spec.ts' }]);
  expect(targetsOf(previous, [])).toHaveLength(2);
  expect(filesOf(targetsOf(previous, []))).toEqual(['tests/objects/piece-access.spec.ts', 'tests/objects/x.spec.ts']);
  expect(() => targetsOf(previous, ['ffffffffffffffff'])).toThrow('not in the previous report');
});

test('grep matches the title path Playwright greps (no project, spaces), literally, for the whole route', () => {
  const grep = new RegExp(grepFor(targetsOf(previous, ['a1b2c3d4e5f60718'])));
  const grepTitle = " objects/piece-access.spec.ts pièce download through api /api/v2/pieces/{pieceId}/contenu each usager's pièces reach that usager's audience only";
  expect(grep.test(grepTitle)).toBe(true);
  // The route's other tests hold positive controls too; another route is not re-run.
  expect(grep.test(grepTitle.replace("each usager's pièces reach that usager's audience only", 'ids next to one\'s own answer nobody'))).toBe(true);
  expect(grep.test(grepTitle.replace('/contenu', '/apercu'))).toBe(false);
});

test('a test with no control of its own leans on its route\'s passed owner tests', () => {
  const neighbour = "security › objects/piece-access.spec.ts › pièce download through api /api/v2/pieces/{pieceId}/contenu › ids next to one's own answer nobody but their audience";
  const [target] = targetsOf([{ id: '0000000000000003', check: 'objects/download', title: 'n', instances: [{ test: { title: neighbour } }] }], []);
  if (!target) throw new Error('no target');
  const rerun: RerunTest[] = [{ title: neighbour, status: 'passed', positiveControls: [] }, passed()];
  expect(judgeFix(target, rerun, [])).toMatchObject({ status: 'fixed', positiveControls: ['u075a, u075b reach u075a-d1 (positive controls)'] });
  expect(judgeFix(target, [{ title: rerun[0]?.title ?? '', status: 'passed', positiveControls: [] }, { ...passed(), status: 'failed' }], [])).toMatchObject({ status: 'inconclusive' });
});

test('fixed only with the test passed, its positive controls run, and the id gone', () => {
  const [target] = targetsOf(previous, ['a1b2c3d4e5f60718']);
  if (!target) throw new Error('no target');
  expect(judgeFix(target, [passed()], [])).toMatchObject({ status: 'fixed', positiveControls: ['u075a, u075b reach u075a-d1 (positive controls)'] });
  expect(judgeFix(target, [passed([])], [])).toMatchObject({ status: 'inconclusive', reason: expect.stringContaining('no positive control') });
  expect(judgeFix(target, [], [])).toMatchObject({ status: 'inconclusive', reason: expect.stringContaining('did not run') });
  expect(judgeFix(target, [{ ...passed(), status: 'failed' }], [])).toMatchObject({ status: 'inconclusive' });
  const again = [{ id: 'a1b2c3d4e5f60718', instances: [{ method: 'GET', url: 'http://127.0.0.1/api/v2/pieces/17/contenu', status: 200, evidence: [{ kind: 'canary', value: 'CLSN-X', ownerKey: 'u075a', location: 'body' }] }] }];
  expect(judgeFix(target, [{ ...passed(), status: 'failed' }], again)).toMatchObject({ status: 'still-present', evidence: ['GET http://127.0.0.1/api/v2/pieces/17/contenu → 200: canary CLSN-X of u075a in body'] });
});

test('a root cause id verifies every finding beneath it; the root cause is fixed only when all are', () => {
  const route = '/files/{id}/content';
  const findings = [
    { id: '00000000000000a1', check: 'objects/download', title: 'a1', routeTemplate: route, verdict: 'leak', severity: 'critical', instances: [{ test: { title: TITLE } }] },
    { id: '00000000000000a2', check: 'roles/download', title: 'a2', routeTemplate: `HEAD ${route}`, verdict: 'leak', severity: 'critical', instances: [{ test: { title: TITLE } }] },
    { id: '00000000000000b1', check: 'objects/list', title: 'b1', routeTemplate: route, verdict: 'leak', severity: 'high', instances: [{ test: { title: TITLE } }] },
  ];
  const cause = rootCauseIdOf({ check: 'objects/download', routeTemplate: route });
  const targets = targetsOf(findings, [cause]);
  expect(targets.map((t) => t.id)).toEqual(['00000000000000a1', '00000000000000a2']);
  const allFixed = targets.map((t) => judgeFix(t, [passed()], []));
  expect(rootCauseOutcomes(findings, allFixed)).toMatchObject([{ id: cause, status: 'fixed', access: 'read' }]);
  const again = [{ id: '00000000000000a2', instances: [{ method: 'HEAD', url: 'http://h/files/1/content', status: 200, evidence: [] }] }];
  const oneLeft = targets.map((t) => judgeFix(t, [passed()], again));
  const causes = rootCauseOutcomes(findings, oneLeft);
  expect(causes).toMatchObject([{ id: cause, status: 'still-present' }]);
  expect(formatOutcomes(oneLeft, causes)).toContain(`ROOT CAUSE STILL PRESENT  ${cause}  read ${route} (1 fixed, 1 still present, 0 inconclusive beneath)`);
  expect(formatOutcomes(oneLeft, causes)).toContain('cloison verify: root causes: 0 fixed, 1 still present, 0 inconclusive; findings: 1 fixed, 1 still present, 0 inconclusive.');
});
