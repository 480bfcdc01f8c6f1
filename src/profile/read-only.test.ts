import { expect, test } from '@playwright/test';
import { readOnlyDeclaration } from './read-only';
import type { RouteSpec } from './types';

const route = (method: string, path: string): RouteSpec => ({ name: 'r', action: 'list', channel: 'api', object: 'dossier', method, path });
const profile = {
  routes: [route('GET', '/v3/cases/{caseRef}'), route('POST', '/v3/cases/{caseRef}/files/query')],
  readOnly: [{ method: 'POST', path: '/v3/search' }, { method: 'REPORT', path: '/dav/{member}/cal' }],
};

test('GET and HEAD always read; another method only where the profile says so, and where', () => {
  expect(readOnlyDeclaration(profile, { method: 'get', url: '/anything' })).toBe('GET');
  expect(readOnlyDeclaration(profile, { method: 'HEAD', url: '/anything?x=1' })).toBe('HEAD');
  expect(readOnlyDeclaration(profile, { method: 'POST', url: '/v3/search?page=2' })).toBe('readOnly[0]');
  expect(readOnlyDeclaration(profile, { method: 'REPORT', url: '/dav/m-12/cal/' })).toBe('readOnly[1]');
  expect(readOnlyDeclaration(profile, { method: 'POST', url: '/v3/cases/C-7/files/query' })).toBe('routes[1]');
});

test('a write, or a read-only path with another method or more segments, is not vouched for', () => {
  expect(readOnlyDeclaration(profile, { method: 'POST', url: '/v3/cases/C-7/files' })).toBeUndefined();
  expect(readOnlyDeclaration(profile, { method: 'DELETE', url: '/v3/search' })).toBeUndefined();
  expect(readOnlyDeclaration(profile, { method: 'POST', url: '/dav/m-12/x/cal' })).toBeUndefined();
  expect(readOnlyDeclaration(profile, { method: 'POST', url: '/v3/search/saved' })).toBeUndefined();
  expect(readOnlyDeclaration({ routes: [] }, { method: 'POST', url: '/v3/search' })).toBeUndefined();
});
