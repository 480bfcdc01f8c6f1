import { expect, test } from '@playwright/test';
import { accessKindOf, rootCauseIdOf, rootCausesOf, stableRootCauseId, type GroupableFinding } from './root-cause';

const ROUTE = '/api/files/{fileId}/content';
const f = (id: string, check: string, vector: string, relationship: string, overrides: Partial<GroupableFinding> = {}): GroupableFinding => ({
  id,
  check,
  verdict: 'leak',
  severity: 'critical',
  routeTemplate: ROUTE,
  vector,
  channel: 'api',
  attacker: { relationship },
  instanceCount: 1,
  instances: [{ attacker: { key: 'u075b', relationship }, evidence: [{ ownerKey: 'u075a' }] }],
  ...overrides,
});

test('the kind of access comes from the check id', () => {
  expect(['objects/download', 'discovery/download', 'roles/view', 'objects/metadata', 'concurrency/view'].map(accessKindOf)).toEqual(['read', 'read', 'read', 'read', 'read']);
  expect(['objects/list', 'roles/export', 'objects/search', 'concurrency/list'].map(accessKindOf)).toEqual(['list', 'list', 'list', 'list']);
  expect(['writes/upload', 'writes/data-loss', 'writes/csrf'].map(accessKindOf)).toEqual(['write', 'write', 'write']);
  expect(['sessions/logout', 'sessions/share-audience', 'auth/login-form'].map(accessKindOf)).toEqual(['session', 'session', 'session']);
});

test('one missing check on one route is one root cause, whatever the checks, vectors, methods and placeholder names', () => {
  const findings = [
    f('0000000000000001', 'objects/download', 'direct-id', 'usager-same-mdph'),
    f('0000000000000002', 'objects/download', 'head', 'usager-same-mdph', { routeTemplate: `HEAD ${ROUTE}` }),
    f('0000000000000003', 'discovery/download', 'percent-encoded-id', 'agent-other-mdph', { routeTemplate: '/api/files/{id}/content' }),
    f('0000000000000004', 'roles/download', 'replay', 'anonymous', { verdict: 'suspicious', severity: 'medium', instanceCount: 3 }),
  ];
  const [cause, ...rest] = rootCausesOf(findings);
  expect(rest).toEqual([]);
  expect(cause).toMatchObject({
    routeTemplate: ROUTE,
    access: 'read',
    verdict: 'leak',
    severity: 'critical',
    relationships: ['agent-other-mdph', 'anonymous', 'usager-same-mdph'],
    checks: ['discovery/download', 'objects/download', 'roles/download'],
    vectors: ['direct-id', 'head', 'percent-encoded-id', 'replay'],
    instanceCount: 6,
    victims: ['u075a'],
  });
  // Worst first: the suspicious answer comes last.
  expect(cause?.findings.at(-1)).toBe('0000000000000004');
  expect(cause?.id).toBe(stableRootCauseId(ROUTE, 'read'));
  expect(cause?.id).toMatch(/^[0-9a-f]{16}$/);
});

test('another route or another kind of access is another root cause', () => {
  const read = rootCauseIdOf({ check: 'objects/download', routeTemplate: ROUTE });
  expect(rootCauseIdOf({ check: 'objects/view', routeTemplate: '/api/files/{fileId}' })).not.toBe(read);
  expect(rootCauseIdOf({ check: 'writes/overwrite', routeTemplate: ROUTE })).not.toBe(read);
  expect(rootCauseIdOf({ check: 'sessions/logout', routeTemplate: ROUTE })).not.toBe(read);
  expect(rootCausesOf([f('a', 'objects/list', 'plain', 'x', { routeTemplate: '/a' }), f('b', 'objects/view', 'plain', 'x', { routeTemplate: '/a' })])).toHaveLength(2);
});
