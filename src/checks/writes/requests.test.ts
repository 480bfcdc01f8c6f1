import { expect, test } from '@playwright/test';
import type { CsrfSource, WriteRoute } from '../../profile/types';
import { buildWriteRequest, captureFrom, countListItems, holdsMarker, holdsTitle, ownerFieldsOf, writeMarker } from './requests';

const upload: WriteRoute = {
  name: 'upload', action: 'upload', object: 'dossier',
  request: { method: 'POST', path: '/api/dossiers/{dossierId}/pieces', multipart: { type: '{type}', titre: '{titre}', fichier: '@file' }, capture: { pieceId: 'id' } },
};
const rename: WriteRoute = { name: 'rename', action: 'rename', object: 'piece', request: { method: 'PATCH', path: '/api/pieces/{pieceId}', json: { titre: '{titre}' } } };
const remove: WriteRoute = { name: 'delete', action: 'delete', object: 'piece', request: { method: 'DELETE', path: '/api/pieces/{pieceId}' } };
const formRename: WriteRoute = { name: 'rename-form', action: 'rename', object: 'piece', request: { method: 'POST', path: '/pieces/{pieceId}/titre', form: { titre: '{titre}' } } };
const csrf: CsrfSource = { from: { path: '/api/moi', jsonPath: 'csrfToken' }, header: 'X-CSRF-Token', field: '_csrf' };
const file = { name: 'sonde.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') };

test('an upload fills the path and fields, sends the file and the CSRF header', () => {
  const request = buildWriteRequest(upload, { bindings: { dossierId: 'a/b', titre: 'Pièce X', type: 'certificat_medical' }, file, csrfToken: 'tok' }, csrf);
  expect(request.method).toBe('POST');
  expect(request.url).toBe('/api/dossiers/a%2Fb/pieces');
  expect(request.headers).toEqual({ 'X-CSRF-Token': 'tok' });
  expect(request.multipart).toEqual({ type: 'certificat_medical', titre: 'Pièce X', fichier: file });
});

test('owner fields ride first in the multipart body, with the value the probe chose', () => {
  const request = buildWriteRequest(upload, { bindings: { dossierId: 7, titre: 't', type: 'x' }, file, extraFields: { dossierId: 9, titre: 'forced' } });
  expect(Object.keys(request.multipart ?? {})).toEqual(['dossierId', 'titre', 'type', 'fichier']);
  expect(request.multipart?.dossierId).toBe('9');
  expect(request.multipart?.titre).toBe('forced');
});

test('a JSON write keeps the placeholder types and adds extra fields to the body', () => {
  const request = buildWriteRequest(rename, { bindings: { pieceId: 12, titre: 'Nouveau' }, csrfToken: 'tok', extraFields: { usagerId: 3 } }, csrf);
  expect(request.url).toBe('/api/pieces/12');
  expect(request.data).toEqual({ titre: 'Nouveau', usagerId: 3 });
  expect(request.headers).toEqual({ 'X-CSRF-Token': 'tok' });
});

test('without a CSRF header the token goes in the form field; the anonymous visitor sends none', () => {
  const fieldOnly: CsrfSource = { from: { path: '/moi', jsonPath: 'csrf' }, field: '_csrf' };
  const signedIn = buildWriteRequest(formRename, { bindings: { pieceId: 1, titre: 'a b' }, csrfToken: 'tok' }, fieldOnly);
  expect(signedIn.data).toBe('titre=a+b&_csrf=tok');
  expect(signedIn.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
  const anonymous = buildWriteRequest(remove, { bindings: { pieceId: 1 } }, csrf);
  expect(anonymous).toEqual({ method: 'DELETE', url: '/api/pieces/1', headers: {} });
});

test('a template that sends @file refuses to go without one', () => {
  expect(() => buildWriteRequest(upload, { bindings: { dossierId: 1, titre: 't', type: 'x' } })).toThrow(/@file/);
});

test('owner fields default to the dossier and usager ids and are filled from the victim', () => {
  const ids = { dossier: 'dossierId', usager: 'usagerId' };
  expect(ownerFieldsOf(upload, ids, { dossierId: 4, usagerId: 8, dossierNumero: 'x' })).toEqual({ dossierId: 4, usagerId: 8 });
  const named: WriteRoute = { ...upload, ownerFields: { owner_id: 'usagerId', folder: 'dossierNumero' } };
  expect(ownerFieldsOf(named, ids, { usagerId: 8, dossierNumero: '075-2026-1' })).toEqual({ owner_id: 8, folder: '075-2026-1' });
  expect(ownerFieldsOf(named, ids, {})).toEqual({});
});

test('captured values come from JSON answers only', () => {
  expect(captureFrom('{"id":42,"dossier":{"id":"7"}}', 'id')).toBe(42);
  expect(captureFrom('{"id":42,"dossier":{"id":"7"}}', 'dossier.id')).toBe('7');
  expect(captureFrom('{"id":{"x":1}}', 'id')).toBeUndefined();
  expect(captureFrom('<html>', 'id')).toBeUndefined();
});

test('list items are counted in an array or in the one array of an envelope, else not at all', () => {
  expect(countListItems('[{"id":1},{"id":2}]')).toBe(2);
  expect(countListItems('[]')).toBe(0);
  expect(countListItems('{"total":3,"items":[{"id":1},{"id":2},{"id":3}]}')).toBe(3);
  expect(countListItems('{"a":[{"id":1}],"b":[{"id":2}]}')).toBeUndefined();
  expect(countListItems('<ul><li>a</li></ul>')).toBeUndefined();
  expect(countListItems('"text"')).toBeUndefined();
});

test('markers are fresh, safe in PDF strings and never shaped like a seeded canary', () => {
  const markers = new Set(Array.from({ length: 200 }, () => writeMarker('RUN1')));
  expect(markers.size).toBe(200);
  for (const marker of markers) {
    expect(marker).toMatch(/^CLWR-RUN1-[A-Z0-9]+$/);
    expect(marker).not.toMatch(/CLSN/i);
  }
  expect(holdsMarker('{"titre":"pièce clwr-run1-1abc"}', 'CLWR-RUN1-1ABC')).toBe(true);
  expect(holdsMarker('{"titre":"pièce"}', 'CLWR-RUN1-1ABC')).toBe(false);
});

test('a title is found whether the answer escapes its accents or not', () => {
  expect(holdsTitle('[{"titre":"Certificat médical"}]', 'Certificat médical')).toBe(true);
  expect(holdsTitle('[{"titre":"Certificat m\\u00e9dical"}]', 'Certificat médical')).toBe(true);
  expect(holdsTitle('[{"titre":"Certificat \\"A\\""}]', 'Certificat "A"')).toBe(true);
  expect(holdsTitle('[{"titre":"Renommée"}]', 'Certificat médical')).toBe(false);
});
