import { expect, test } from '@playwright/test';
import type { Profile, RouteSpec } from '../../profile/types';
import { readerOf } from './reader';

const profileWith = (routes: RouteSpec[]): Profile =>
  ({ name: 'p', ids: { piece: 'pieceId', dossier: 'dossierId', usager: 'usagerId' }, routes }) as unknown as Profile;

const route = (name: string, action: RouteSpec['action'], object: RouteSpec['object'], path: string, channel: RouteSpec['channel'] = 'api'): RouteSpec => ({ name, action, object, method: 'GET', path, channel });

test('the dossier list and a download addressed by known ids are preferred', () => {
  const reader = readerOf(
    profileWith([
      route('page', 'list', 'self', '/espace', 'ui'),
      route('mine', 'list', 'self', '/api/pieces'),
      route('dossier-list', 'list', 'dossier', '/api/dossiers/{dossierId}/pieces'),
      route('by-name', 'download', 'piece', '/dossiers/{dossierId}/files/{storedName}', 'ui'),
      route('by-name-api', 'download', 'piece', '/api/dossiers/{dossierId}/files/{storedName}'),
      route('content', 'download', 'piece', '/api/pieces/{pieceId}/content'),
    ]),
    ['dossierId', 'usagerId'],
  );
  expect(reader.list.name).toBe('dossier-list');
  expect(reader.download.name).toBe('content');
});

test('without a dossier list the caller\'s own list serves; role routes never do', () => {
  const agentList = { ...route('agent', 'list', 'dossier', '/api/agent/dossiers/{dossierId}'), roles: ['agent' as const] };
  const reader = readerOf(profileWith([agentList, route('mine', 'list', 'self', '/api/pieces'), route('content', 'download', 'piece', '/api/pieces/{pieceId}')]), []);
  expect(reader.list.name).toBe('mine');
});

test('a profile with no usable list or download route fails closed, naming what is missing', () => {
  expect(() => readerOf(profileWith([route('mine', 'list', 'self', '/api/pieces')]), [])).toThrow(/missing: download/);
  expect(() => readerOf(profileWith([route('content', 'download', 'piece', '/api/pieces/{pieceId}')]), [])).toThrow(/missing: list/);
});
