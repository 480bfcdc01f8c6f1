import { expect, test } from '@playwright/test';
import { bindingsMatching, chooseBinding } from './ids';
import { inferShape, learnSegments, rankBindings, renamePlaceholders, templateMatches, templateWithBody, type Tie } from './templates';

const owner = [{ personId: 3, caseId: 3, caseNumber: '2A-2025-000003' }, { personId: 3, caseId: 3, fileId: 12, storedName: '12-scan.png' }];
const preference = ['fileId', 'caseId', 'personId'];
const tie: Tie = (value, hint) => chooseBinding(bindingsMatching(value, owner), hint, preference);

test('path ids become the bindings of the objects they belong to', () => {
  const shape = inferShape('get', '/cases/3/files/12-scan.png', tie);
  expect(shape.template).toBe('GET /cases/{caseId}/files/{storedName}');
  expect(shape.values).toEqual({ caseId: '3', storedName: '12-scan.png' });
  expect(shape.slots.map((slot) => [slot.location, slot.at, slot.binding])).toEqual([['path', '2', 'caseId'], ['path', '4', 'storedName']]);
});

test('ids nobody seeded still become slots, named by their shape; route words and assets stay', () => {
  expect(inferShape('GET', '/api/v3/docs/99/raw', tie).template).toBe('GET /api/v3/docs/{integer}/raw');
  expect(inferShape('GET', '/d/3f2a9c1e-7b4d-4c2e-9a1f-0e6d5c4b3a21/7/8', tie).template).toBe('GET /d/{uuid}/{integer}/{integer2}');
  expect(inferShape('GET', '/assets/app.js', tie).template).toBe('GET /assets/app.js');
});

test('query and JSON body ids are recognised and tied too', () => {
  const query = inferShape('GET', '/search?case=3&q=scan&ref=2A-2025-000003', tie);
  expect(query.template).toBe('GET /search?case={caseId}&q=scan&ref={caseNumber}');
  const body = inferShape('POST', '/api/move', tie, { text: JSON.stringify({ file: { id: 12 }, to: 'archive' }), contentType: 'application/json' });
  expect(body.slots).toEqual([{ location: 'json', at: '/file/id', value: '12', kind: 'integer', binding: 'fileId', placeholder: 'fileId' }]);
  expect(templateWithBody(body)).toBe('POST /api/move [json:/file/id={fileId}]');
  const form = inferShape('POST', '/search', tie, { text: 'case=3&q=scan', contentType: 'application/x-www-form-urlencoded; charset=UTF-8' });
  expect(form.slots.map((slot) => [slot.location, slot.at, slot.binding])).toEqual([['form', 'case', 'caseId']]);
  expect(templateWithBody(form)).toBe('POST /search [form:case={caseId}]');
  expect(templateWithBody(query)).toBe(query.template);
});

test('a script template names the same route as a recorded path when only its variable parts differ', () => {
  expect(templateMatches('/cases/{id}/files', '/cases/3/files')).toBe(true);
  expect(templateMatches('/cases/{id}/files', '/cases/3/files/2')).toBe(false);
  expect(templateMatches('/v1/cases/{id}/files', '/cases/3/files')).toBe(false);
});

test('a script variable gets the binding recorded requests used after the same segment', () => {
  const learned = learnSegments([inferShape('GET', '/files/12', tie), inferShape('GET', '/cases/3', tie)]);
  expect(learned.get('files')).toBe('fileId');
  const available = ['personId', 'caseId', 'fileId', 'storedName'];
  expect(rankBindings('/api/v1/files/{id}/fetch', ['id'], learned, available, preference)[0]?.[0]).toBe('fileId');
  expect(rankBindings('/legacy/{caseId}', ['caseId'], new Map(), available, preference)[0]?.[0]).toBe('caseId');
  expect(renamePlaceholders('/api/v1/files/{id}/fetch', ['fileId'])).toBe('/api/v1/files/{fileId}/fetch');
});
