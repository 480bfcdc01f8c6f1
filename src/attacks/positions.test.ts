import { expect, test } from '@playwright/test';
import { positionName, positionsOf, substitute } from './positions';
import { templateOf } from './substitution';

const own = new Map([
  ['17', ['usagerId']],
  ['42', ['dossierId']],
  ['f-abc.pdf', ['storedName']],
]);

test('every place holding one of the sender\'s ids is a position: path, query, header, JSON body', () => {
  const request = {
    method: 'POST',
    url: '/api/cases/42/files/f-abc.pdf?owner=17&page=1',
    headers: { 'x-acting-for': '17', accept: 'application/json' },
    body: JSON.stringify({ filter: { dossier: 42 }, q: 'x' }),
    contentType: 'application/json',
  };
  expect(positionsOf(request, own).map(positionName)).toEqual(['path:3', 'path:5', 'query:owner', 'header:x-acting-for', 'json:/filter/dossier']);
});

test('a form body and a small id that is two bindings at once give one position per binding', () => {
  const request = { method: 'POST', url: '/search/3', body: 'dossier=3&q=x', contentType: 'application/x-www-form-urlencoded' };
  const positions = positionsOf(request, new Map([['3', ['usagerId', 'dossierId']]]));
  expect(positions.map((position) => `${positionName(position)}/${position.binding}`)).toEqual(['path:2/usagerId', 'path:2/dossierId', 'form:dossier/usagerId', 'form:dossier/dossierId']);
});

test('substitution changes one position and leaves the others as the sender made them', () => {
  const request = { method: 'GET', url: '/api/recap?usagerId=17', headers: { 'x-usager-id': '17' } };
  const [query, header] = positionsOf(request, own);
  expect(substitute(request, query!, '99')).toEqual({ method: 'GET', url: '/api/recap?usagerId=99', headers: { 'x-usager-id': '17' } });
  expect(substitute(request, header!, '99')).toEqual({ method: 'GET', url: '/api/recap?usagerId=17', headers: { 'x-usager-id': '99' } });
  const nested = { method: 'GET', url: '/dossiers/42/fichiers/f-abc.pdf' };
  const [parent, child] = positionsOf(nested, own);
  expect(substitute(nested, child!, 'other file.pdf').url).toBe('/dossiers/42/fichiers/other%20file.pdf');
  expect(substitute(nested, parent!, '7').url).toBe('/dossiers/7/fichiers/f-abc.pdf');
});

test('a JSON number stays a number when swapped, and the template names each position', () => {
  const request = { method: 'POST', url: '/q', body: JSON.stringify({ dossier: 42 }), contentType: 'application/json' };
  const [position] = positionsOf(request, own);
  expect(JSON.parse(substitute(request, position!, '7').body ?? '')).toEqual({ dossier: 7 });
  const recap = { method: 'GET', url: '/api/recap?usagerId=17&view=short', headers: { 'x-usager-id': '17' } };
  expect(templateOf(recap, positionsOf(recap, own))).toBe('GET /api/recap?usagerId={usagerId}&view=short [header:x-usager-id={usagerId}]');
});

test('a cookie the portal set with the sender\'s id is a position, swapped alone and kept encoded', () => {
  const request = { method: 'GET', url: '/api/recap', cookies: { espace: '17', theme: 'dark' } };
  const positions = positionsOf(request, own);
  expect(positions.map(positionName)).toEqual(['cookie:espace']);
  const [cookie] = positions;
  if (!cookie) throw new Error('no cookie position');
  expect(substitute(request, cookie, 'a b').cookies).toEqual({ espace: 'a%20b', theme: 'dark' });
  expect(templateOf(request, positions)).toBe('GET /api/recap [cookie:espace={usagerId}]');
});
