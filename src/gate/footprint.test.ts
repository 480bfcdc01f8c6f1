import { expect, test } from '@playwright/test';
import { FLAWS } from '../../portal/src/flaws/catalog';
import { GUICHET_FLAWS } from '../../targets/guichet/src/flaws';
import { judgeRun, type TestOutcome } from '../report/verdict';
import { footprintProblems, footprintsOverlap, groupFlaws, inFootprint, routePath, type Footprint } from './footprint';
import { judgeGroup, type MatrixFlaw, type RunRecord } from './matrix';

const READS = ['objects', 'roles', 'discovery'];
const download: MatrixFlaw = { id: 'download-idor', caughtBy: 'objects', checks: ['objects/download'], footprint: { routes: ['/api/pieces/{pieceId}/content'], checks: READS } };
const view: MatrixFlaw = { id: 'view-idor', caughtBy: 'objects', checks: ['objects/view'], footprint: { routes: ['/pieces/{pieceId}'], checks: READS } };
const logout: MatrixFlaw = { id: 'logout-noop', caughtBy: 'sessions', checks: ['sessions/logout'], footprint: { routes: ['*'], checks: ['sessions/logout'] } };
const anonymous: MatrixFlaw = { id: 'anonymous-download', caughtBy: 'objects', checks: ['objects/download'], footprint: { routes: ['/api/pieces/{id}/content'], checks: [...READS, 'sessions/logout'] } };
const unbounded: MatrixFlaw = { id: 'shared-cache', caughtBy: 'concurrency', checks: ['concurrency/list'] };

const finding = (check: string, routeTemplate: string, verdict = 'leak') => ({ check, routeTemplate, verdict });
const passed = (n: number): TestOutcome[] => Array.from({ length: n }, (_, index) => ({ title: `t${index}`, status: 'passed', findings: 0 }));

function record(findings: ReturnType<typeof finding>[], tests: TestOutcome[] = [...passed(5), { title: 'leaky', status: 'failed', findings: findings.length }]): RunRecord {
  const verdict = judgeRun({ tests, findings: findings.length, status: 'passed' });
  return { summary: { findings: findings.length, suspicious: 0, tests: tests.length }, findings, run: { verdict, counts: { probes: { total: 900 } } } };
}

test('a route is its path, whatever the method, the placeholders\' names or a query', () => {
  expect(routePath('GET /api/pieces/{pieceId}/content')).toBe('/api/pieces/{}/content');
  expect(routePath('/api/pieces/:id/content?x=1')).toBe('/api/pieces/{}/content');
  // A read-only request with a body is named with its ids' positions (discovery and substitution alike).
  expect(routePath('POST /api/search [json:/caseId={caseRef}]')).toBe('/api/search');
  expect(routePath('POST /api/search?x=1 [form:caseId={caseRef}, header:x-on-behalf={memberId}]')).toBe('/api/search');
  expect(inFootprint(download.footprint as Footprint, finding('roles/download', 'GET /api/pieces/{id}/content'))).toBe(true);
  expect(inFootprint(download.footprint as Footprint, finding('sessions/logout', '/api/pieces/{id}/content'))).toBe(false);
  expect(inFootprint(logout.footprint as Footprint, finding('sessions/logout', '/me'))).toBe(true);
});

test('footprints overlap when one finding could fall in both', () => {
  expect(footprintsOverlap(download.footprint as Footprint, view.footprint as Footprint)).toBe(false);
  expect(footprintsOverlap(download.footprint as Footprint, logout.footprint as Footprint)).toBe(false);
  // Same route: whatever fires there could be either.
  expect(footprintsOverlap(download.footprint as Footprint, anonymous.footprint as Footprint)).toBe(true);
  // Any route, and a check the other names.
  expect(footprintsOverlap(anonymous.footprint as Footprint, logout.footprint as Footprint)).toBe(true);
  expect(footprintsOverlap({ routes: ['*'], checks: ['*'] }, view.footprint as Footprint)).toBe(true);
  expect(footprintsOverlap({ routes: ['*'], checks: ['sessions'] }, logout.footprint as Footprint)).toBe(true);
});

test('groups hold only pairwise disjoint flaws; a flaw without a footprint, or MATRIX_ISOLATED (size 1), runs alone', () => {
  const flaws = [download, view, logout, anonymous, unbounded];
  const groups = groupFlaws(flaws, 8);
  expect(groups.flat().map((flaw) => flaw.id).sort()).toEqual(flaws.map((flaw) => flaw.id).sort());
  for (const group of groups) {
    for (const a of group) for (const b of group) if (a !== b) expect(footprintsOverlap(a.footprint as Footprint, b.footprint as Footprint)).toBe(false);
  }
  expect(groups.find((group) => group.includes(unbounded))).toEqual([unbounded]);
  expect(groups.find((group) => group.includes(download))).not.toContain(anonymous);
  expect(groupFlaws(flaws, 1).map((group) => group.length)).toEqual([1, 1, 1, 1, 1]);
  expect(groupFlaws([download, view, logout], 2).every((group) => group.length <= 2)).toBe(true);
});

test('the shipped catalogs group into disjoint groups, every flaw once, and their footprints hold their checks', () => {
  for (const catalog of [FLAWS, GUICHET_FLAWS] as readonly (readonly MatrixFlaw[])[]) {
    const groups = groupFlaws(catalog, 8);
    expect(groups.flat()).toHaveLength(catalog.length);
    expect(groups.length).toBeLessThan(catalog.length);
    for (const group of groups) {
      for (const a of group) for (const b of group) if (a !== b) expect(footprintsOverlap(a.footprint as Footprint, b.footprint as Footprint), `${a.id} and ${b.id}`).toBe(false);
    }
    for (const flaw of catalog) expect(footprintProblems(flaw), flaw.id).toEqual([]);
  }
});

test('a footprint that leaves out a check the flaw must fire, or names an unknown family, is refused', () => {
  expect(footprintProblems({ checks: ['objects/download', 'sessions/logout'], footprint: { routes: ['/x'], checks: ['objects'] } })).toEqual(['its check "sessions/logout" is outside its footprint\'s checks']);
  expect(footprintProblems({ checks: ['objects/download'], footprint: { routes: [], checks: ['object', 'objects'] } })).toEqual([
    'footprint.routes is empty: name the routes it opens, or "*"',
    'footprint check "object" is neither a check family nor a check cloison reports',
  ]);
});

test('in a group, each flaw is caught on the findings only its footprint explains', () => {
  const run = record([finding('objects/download', '/api/pieces/{pieceId}/content'), finding('roles/download', 'GET /api/pieces/{id}/content'), finding('objects/view', '/pieces/{pieceId}', 'suspicious'), finding('sessions/logout', 'GET /me')]);
  const { rows, rerun } = judgeGroup(run, 1, [download, view, logout]);
  expect(rerun).toEqual([]);
  expect(rows.get('download-idor')).toMatchObject({ verdict: 'CAUGHT', fired: ['objects/download', 'roles/download'], findings: 2, suspicious: 0 });
  expect(rows.get('view-idor')).toMatchObject({ verdict: 'CAUGHT', fired: ['objects/view'], findings: 1, suspicious: 1 });
  expect(rows.get('logout-noop')?.note).toBe('run with download-idor, view-idor');
});

test('a check that fired on another flaw\'s route is not credited: that flaw runs again alone', () => {
  // objects/view fired, but only where download-idor is the explanation: view-idor is not caught.
  const run = record([finding('objects/download', '/api/pieces/{id}/content'), finding('discovery/view', '/api/pieces/{id}/content'), finding('sessions/logout', '/me')]);
  const { rows, rerun } = judgeGroup(run, 1, [download, view, logout]);
  expect(rows.get('download-idor')?.verdict).toBe('CAUGHT');
  expect(rows.get('view-idor')).toMatchObject({ verdict: 'MISSED', missing: ['objects/view'] });
  expect(rerun).toEqual(['view-idor']);
});

test('a flaw that fires outside its footprint makes every row of its group ERROR, all to be run alone', () => {
  // view-idor's flaw also opened the download route's metadata: nothing in the group explains it.
  const run = record([finding('objects/download', '/api/pieces/{id}/content'), finding('objects/view', '/pieces/{id}'), finding('objects/metadata', '/api/pieces/{id}'), finding('sessions/logout', '/me')]);
  const { rows, rerun } = judgeGroup(run, 1, [download, view, logout]);
  expect(rerun).toEqual(['download-idor', 'view-idor', 'logout-noop']);
  for (const row of rows.values()) {
    expect(row.verdict).toBe('ERROR');
    expect(row.note).toContain("1 finding(s) outside the group's footprints: objects/metadata on /api/pieces/{}");
  }
});

test('a group\'s run that proves nothing of one flaw is ERROR for all: a test failed otherwise, an exit that disagrees, no record', () => {
  const leaks = [finding('objects/download', '/api/pieces/{id}/content'), finding('objects/view', '/pieces/{id}')];
  const broken = record(leaks, [...passed(4), { title: 'leaky', status: 'failed', findings: 2 }, { title: 'roles', status: 'failed', findings: 0, error: 'positive control failed: 500' }]);
  for (const [run, exit] of [[broken, broken.run.verdict?.exitCode ?? 2], [record(leaks), 0], [undefined, 1]] as const) {
    const { rows, rerun } = judgeGroup(run, exit, [download, view]);
    expect(rerun).toEqual(['download-idor', 'view-idor']);
    expect([...rows.values()].map((row) => row.verdict)).toEqual(['ERROR', 'ERROR']);
  }
  // Nothing fired at all: exit 0 is no proof for any of them.
  expect(judgeGroup(record([], passed(6)), 0, [download, view]).rerun).toEqual(['download-idor', 'view-idor']);
});
