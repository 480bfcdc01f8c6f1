import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ConfigError } from '../errors';
import { validateProfile } from './validate';

const reference = (): Record<string, unknown> => JSON.parse(readFileSync('profiles/reference-portal.json', 'utf8')) as Record<string, unknown>;

function errorOf(mutate: (profile: Record<string, unknown>) => void): ConfigError {
  const profile = reference();
  mutate(profile);
  try {
    validateProfile(profile, 'p.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the profile was accepted');
}

test('the shipped reference profile is valid', () => {
  expect(validateProfile(reference(), 'reference').name).toBe('reference-portal');
});

test('a missing field is named with its path and the file', () => {
  const error = errorOf((profile) => delete (profile.auth as Record<string, unknown>).whoami);
  expect(error.message).toBe('p.json: auth.whoami is required');
});

test('an unknown field is named', () => {
  const error = errorOf((profile) => ((profile.routes as Record<string, unknown>[])[2]!.methd = 'GET'));
  expect(error.message).toBe('p.json: routes[2].methd is not a known field');
});

test('a bad enum value names the field and the allowed values', () => {
  const error = errorOf((profile) => ((profile.routes as Record<string, unknown>[])[0]!.action = 'read'));
  expect(error.field).toBe('routes[0].action');
  expect(error.message).toContain('"download"');
});

test('a route using an unknown placeholder is refused', () => {
  const error = errorOf((profile) => ((profile.routes as Record<string, unknown>[])[1]!.path = '/api/v2/pieces/{pieceUuid}'));
  expect(error.message).toBe('p.json: routes[1].path uses unknown placeholder {pieceUuid}');
});

test('an object route without an id placeholder is refused', () => {
  const error = errorOf((profile) => ((profile.routes as Record<string, unknown>[])[1]!.path = '/api/v2/pieces'));
  expect(error.field).toBe('routes[1].path');
});

test('a read-only request is named by its field when it is malformed, a GET, or a declared write', () => {
  expect(errorOf((profile) => (profile.readOnly = [{ method: 'POST', path: 'api/v2/x' }])).message).toBe('p.json: readOnly[0].path must match pattern "^/"');
  expect(errorOf((profile) => (profile.readOnly = [{ method: 'POST', path: '/api/v2/x', json: {} }])).message).toBe('p.json: readOnly[0].json is not a known field');
  expect(errorOf((profile) => (profile.readOnly = [{ method: 'POST', path: '/api/v2/x' }, { method: 'GET', path: '/api/v2/y' }])).field).toBe('readOnly[1].method');
  const write = errorOf((profile) => (profile.readOnly = [{ method: 'POST', path: '/api/v2/dossiers/{id}/pieces' }]));
  expect(write.message).toBe('p.json: readOnly[0] matches write "upload" (POST /api/v2/dossiers/{dossierId}/pieces): a write is never replayed as someone else');
});

test('a base URL whose host is not allowed is refused', () => {
  const error = errorOf((profile) => (profile.baseURL = 'http://portail.example.org'));
  expect(error.message).toContain('host "portail.example.org" is not in allowedHosts');
});

test('every shipped profile is format 2 and valid', () => {
  for (const file of ['profiles/reference-portal.json', 'profiles/reference-portal-accounts.json', 'profiles/reference-portal-ui.json', 'profiles/examples/reference-portal-adapter.json', 'targets/guichet/profile.json', 'targets/parse/profile.json']) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(raw.version, file).toBe(2);
    const notices: string[] = [];
    validateProfile(raw, file, (line) => notices.push(line));
    expect(notices, file).toEqual([]);
  }
});

test('a format 1 profile still loads, read as format 2, with one line saying so', () => {
  const v1 = reference();
  delete v1.version;
  delete v1.people;
  for (const route of v1.routes as Record<string, unknown>[]) delete route.method;
  const notices: string[] = [];
  const profile = validateProfile(v1, 'old.json', (line) => notices.push(line));
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatch(/^old\.json: profile format 1, read as format 2 \(add "version": 2/);
  expect(profile.routes.every((route) => route.method === 'GET')).toBe(true);
  expect(profile.people.roles).toEqual(['usager', 'representant', 'agent']);
});

test('a placeholder anywhere in a route request must be a binding the profile captures or declares', () => {
  const body = errorOf((profile) => Object.assign((profile.routes as Record<string, unknown>[])[1]!, { method: 'POST', json: { ref: '{uuid}' } }));
  expect(body.message).toBe('p.json: routes[1].json uses unknown placeholder {uuid}');
  const query = errorOf((profile) => Object.assign((profile.routes as Record<string, unknown>[])[1]!, { query: { id: '{pieceId|rot13}' } }));
  expect(query.message).toContain('routes[1].query.id uses unknown transform |rot13');
  const declared = reference();
  (declared.bindings as Record<string, unknown>).declared = ['uuid'];
  Object.assign((declared.routes as Record<string, unknown>[])[1]!, { method: 'POST', json: { ref: '{uuid|base64url}' } });
  expect(validateProfile(declared, 'p.json').routes[1]!.method).toBe('POST');
});

test('a read-only POST route whose id sits in its body is an object route', () => {
  const profile = reference();
  (profile.routes as Record<string, unknown>[]).push({
    name: 'case-search', action: 'list', channel: 'api', object: 'dossier', method: 'POST', path: '/api/v2/search', json: { caseId: '{dossierId}' }, id: 'dossierId',
  });
  expect(validateProfile(profile, 'p.json').routes.at(-1)!.id).toBe('dossierId');
});

test('roles the portal lacks may not be asked for by a route', () => {
  const error = errorOf((profile) => ((profile.people as Record<string, unknown>).roles = ['usager', 'representant']));
  expect(error.message).toMatch(/routes\[\d+\]\.roles\[0\] "agent" is not in people\.roles/);
});

test('the session and provisioning variants name the field of the variant in use', () => {
  const error = errorOf((profile) => delete (profile.provisioning as Record<string, unknown>).tokenHeader);
  expect(error.message).toBe('p.json: provisioning.tokenHeader is required');
  const storage = errorOf((profile) => ((profile.auth as Record<string, Record<string, unknown>>).session = { type: 'bearer', capture: 't', browserStorage: { area: 'indexedDB', key: 'k' } }));
  expect(storage.field).toBe('auth.session.browserStorage.area');
});

test('a policy that forgets the owner is refused', () => {
  const error = errorOf((profile) => ((profile.policy as Record<string, unknown>).read = ['agent:same-mdph']));
  expect(error.field).toBe('policy.read');
});

test('the lifecycle section names its faulty field: an unknown action, an uncaptured refresh token, a placeholder', () => {
  type Lifecycle = Record<string, { request: Record<string, unknown>; token?: string }>;
  const lifecycle = (profile: Record<string, unknown>): Lifecycle => profile.lifecycle as Lifecycle;
  expect(errorOf((profile) => (lifecycle(profile).logoutEverywhere = { request: { method: 'POST', path: '/x' } })).message).toBe('p.json: lifecycle.logoutEverywhere is not a known field');
  expect(errorOf((profile) => (lifecycle(profile).refresh!.token = 'renewal')).message).toBe('p.json: lifecycle.refresh.token names {renewal}, which auth.login.api.capture does not capture');
  expect(errorOf((profile) => (lifecycle(profile).disable!.request.path = '/api/provisioning/users/{accountId}/desactivation')).message).toBe(
    'p.json: lifecycle.disable.request.path uses unknown placeholder {accountId}',
  );
  // {newPassword} is the password change's own value, and nobody else's.
  expect(errorOf((profile) => (lifecycle(profile).disable!.request.json = { next: '{newPassword}' })).field).toBe('lifecycle.disable.request.json');
});
