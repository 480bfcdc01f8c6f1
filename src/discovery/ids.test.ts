import { expect, test } from '@playwright/test';
import { bindingsMatching, chooseBinding, idKindOf, namesBinding } from './ids';

test('identifier shapes are told apart from the words of a route', () => {
  expect(idKindOf('42')).toBe('integer');
  expect(idKindOf('3f2a9c1e-7b4d-4c2e-9a1f-0e6d5c4b3a21')).toBe('uuid');
  expect(idKindOf('2A-2025-000042')).toBe('reference');
  expect(idKindOf('AB1-2025-42-7')).toBe('reference');
  expect(idKindOf('9f86d081884c7d65')).toBe('hex');
  expect(idKindOf('dGhpcyBpcyBhIHRva2VuMTIz')).toBe('base64');
  expect(idKindOf('Zm9vYmFy_YmF6LXF1eDEyMw')).toBe('base64');
  expect(idKindOf('12-scan-CLSN-X-1.pdf')).toBe('fileName');
  for (const word of ['documents', 'download', 'justificatif_domicile', 'v1', 'deadbeef-is-a-word', 'facade']) expect(idKindOf(word), word).toBeUndefined();
});

test('a value shared by two bindings goes to the one the preceding segment names', () => {
  const preference = ['fileId', 'caseId', 'personId'];
  expect(chooseBinding(['caseId', 'personId'], 'cases', preference)).toBe('caseId');
  expect(chooseBinding(['caseId', 'personId'], 'people-v2', preference)).toBe('caseId');
  expect(chooseBinding(['caseId', 'personId'], 'persons', preference)).toBe('personId');
  expect(chooseBinding(['storedName'], 'whatever', preference)).toBe('storedName');
  expect(chooseBinding([], 'cases', preference)).toBeUndefined();
});

test('segment and field names are matched to binding names by their stem', () => {
  expect(namesBinding('dossiers', 'dossierId')).toBe(true);
  expect(namesBinding('pieceId', 'pieceId')).toBe(true);
  expect(namesBinding('fichiers', 'pieceId')).toBe(false);
  expect(namesBinding('id', 'pieceId')).toBe(false);
});

test('values are tied to every binding of the seeded objects that holds them', () => {
  const objects = [{ caseId: 3, personId: 3, fileId: 7, storedName: '7-a.pdf' }, { caseId: 3, personId: 3 }];
  expect(bindingsMatching('3', objects).sort()).toEqual(['caseId', 'personId']);
  expect(bindingsMatching('7-a.pdf', objects)).toEqual(['storedName']);
  expect(bindingsMatching('8', objects)).toEqual([]);
});
