import { expect, test } from '@playwright/test';
import type { Profile, RouteSpec } from '../profile/types';
import { burstOrder, ownRequests, personalRoutes, sharedPersonalUrls, type OwnRequest } from './concurrency-plan';

const routes: RouteSpec[] = [
  { name: 'my-list', action: 'list', channel: 'api', object: 'self', method: 'GET', path: '/mine' },
  { name: 'search', action: 'search', channel: 'api', object: 'self', method: 'GET', path: '/search?q={query}' },
  { name: 'by-usager', action: 'list', channel: 'api', object: 'self', method: 'GET', path: '/u/{usagerId}/list' },
  { name: 'piece', action: 'metadata', channel: 'api', object: 'piece', method: 'GET', path: '/p/{pieceId}' },
  { name: 'dossier', action: 'view', channel: 'api', object: 'dossier', method: 'GET', path: '/d/{dossierId}' },
  { name: 'bo-list', action: 'list', channel: 'api', object: 'self', method: 'GET', path: '/bo', roles: ['agent'] },
  { name: 'bo-dossier', action: 'view', channel: 'api', object: 'dossier', method: 'GET', path: '/bo/{dossierId}', roles: ['agent'] },
];
const profile = { auth: { whoami: { path: '/me' } }, startPages: ['/home'], routes } as unknown as Profile;

test('personal routes are whoami, the start pages and the self routes', () => {
  expect(personalRoutes(profile).map((route) => route.path)).toEqual(['/me', '/home', '/mine', '/search?q={query}', '/u/{usagerId}/list', '/bo']);
});

test('a usager asks for its own lists and objects, never for a route its role is not served', () => {
  const requests = ownRequests(profile, {
    role: 'usager',
    bindings: { usagerId: 7 },
    searchTerms: { query: 'Certificat médical' },
    objects: [
      { kind: 'piece', bindings: { pieceId: 1 } },
      { kind: 'piece', bindings: { pieceId: 2 } },
      { kind: 'piece', bindings: { pieceId: 3 } },
      { kind: 'dossier', bindings: { dossierId: 9 } },
    ],
  });
  expect(requests.map((request) => [request.url, request.personal])).toEqual([
    ['/me', true], ['/home', true], ['/mine', true], ['/search?q=Certificat%20m%C3%A9dical', true], ['/u/7/list', true],
    ['/p/1', false], ['/p/2', false], ['/d/9', false],
  ]);
});

test('an agent also asks for its back office; a route it cannot fill is left out', () => {
  const requests = ownRequests(profile, { role: 'agent', bindings: {}, searchTerms: {}, objects: [{ kind: 'dossier', bindings: { dossierId: 9 } }] });
  expect(requests.map((request) => request.url)).toEqual(['/me', '/home', '/mine', '/bo', '/d/9', '/bo/9']);
});

const request = (name: string, url: string, personal: boolean): OwnRequest => ({ route: { ...routes[0]!, name }, url, personal });

test('a burst sends each route from every session back to back, personal routes first', () => {
  const plans = new Map([
    ['a', [request('piece', '/p/1', false), request('me', '/me', true)]],
    ['b', [request('me', '/me', true), request('piece', '/p/2', false)]],
  ]);
  expect(burstOrder(plans, 2).map(({ key, request: r }) => `${key}${r.url}`)).toEqual(['a/me', 'b/me', 'a/me', 'b/me', 'a/p/1', 'b/p/2', 'a/p/1', 'b/p/2']);
});

test('only personal URLs fetched verbatim by two sessions are compared', () => {
  const plans = new Map([
    ['a', [request('me', '/me', true), request('list', '/u/1/list', true), request('piece', '/p/1', false)]],
    ['b', [request('me', '/me', true), request('list', '/u/2/list', true), request('piece', '/p/1', false)]],
  ]);
  expect(sharedPersonalUrls(plans).map((entry) => [entry.url, entry.keys])).toEqual([['/me', ['a', 'b']]]);
});
