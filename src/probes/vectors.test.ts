import { expect, test } from '@playwright/test';
import type { RouteSpec } from '../profile/types';
import { neighbourIds, objectVectors } from './vectors';

const download: RouteSpec = { name: 'd', action: 'download', channel: 'api', object: 'piece', method: 'GET', path: '/api/pieces/{pieceId}/content' };
const byName: RouteSpec = { name: 'f', action: 'download', channel: 'ui', object: 'piece', method: 'GET', path: '/dossiers/{dossierId}/files/{storedName}' };

test('an integer id gets method, encoding and path variants aimed at the victim', () => {
  const vectors = objectVectors(download, { pieceId: 12 }, undefined, { id: 'pieceId', files: [] });
  const byVector = Object.fromEntries(vectors.map((vector) => [vector.name, vector]));
  expect(byVector['direct-id']!.url).toBe('/api/pieces/12/content');
  expect(byVector['method-head']!.method).toBe('HEAD');
  expect(byVector['method-override-header']!.headers!['X-HTTP-Method-Override']).toBe('GET');
  expect(byVector['method-override-param']!.url).toBe('/api/pieces/12/content?_method=GET');
  expect(byVector['id-leading-zero']!.url).toBe('/api/pieces/012/content');
  expect(byVector['id-percent-encoded']!.url).toBe('/api/pieces/%31%32/content');
  expect(byVector['id-double-slash']!.url).toBe('/api/pieces//12/content');
  expect(vectors.every((vector) => vector.expectDenied)).toBe(true);
});

test('a requester with its own object also pollutes its own URL with the victim id (only content can betray it)', () => {
  const pollution = objectVectors(download, { pieceId: 12 }, { pieceId: 3 }, { id: 'pieceId', files: [] }).find((vector) => vector.name === 'param-pollution');
  expect(pollution).toEqual({ name: 'param-pollution', method: 'GET', url: '/api/pieces/3/content?pieceId=12', expectDenied: false });
});

test('a file-name route climbs from the requester\'s own scope to the victim\'s file', () => {
  const vectors = objectVectors(byName, { dossierId: 7, storedName: '40-scan.png' }, { dossierId: 2, storedName: '5-a.pdf' }, { id: 'pieceId', files: ['storedName'] });
  const traversal = vectors.filter((vector) => vector.name.startsWith('path-traversal'));
  expect(traversal.map((vector) => vector.url)).toEqual(['/dossiers/2/files/..%2F7%2F40-scan.png', '/dossiers/2/files/..%252F7%252F40-scan.png']);
});

test('neighbour ids surround one\'s own ids and step past the highest known one', () => {
  expect(neighbourIds([5], new Set([1, 5, 9]))).toEqual([3, 4, 6, 7, 10]);
  expect(neighbourIds([1, 2], new Set([1, 2]))).toEqual([3, 4]);
});
