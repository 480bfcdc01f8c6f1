import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CoverageLog, readPreviousTemplates, writeCoverage } from './coverage';
import { oneOwnerPerClass } from './owners';

test('coverage lists who probed each template, what was never probed, and what is new since last run', () => {
  const log = new CoverageLog();
  log.discovered('GET /cases/{caseId}', 'link', 'u1');
  log.discovered('GET /api/v1/files/{fileId}/fetch', 'script', 'u1');
  log.discovered('POST /cases/{caseId}/files', 'form', 'u1');
  log.notProbed('POST /cases/{caseId}/files', 'unsafe');
  log.probed('GET /cases/{caseId}', 'anonymous', 'replay');
  log.probed('GET /api/v1/files/{fileId}/fetch', 'u2', 'replay');
  log.probed('GET /api/v1/files/{fileId}/fetch', 'u2', 'neighbour-id');
  const report = log.report('RUN1', { file: 'old.json', templates: ['GET /cases/{caseId}', 'POST /cases/{caseId}/files'] });
  expect(report.unprobed).toEqual(['POST /cases/{caseId}/files']);
  expect(report.newSurface).toEqual(['GET /api/v1/files/{fileId}/fetch']);
  expect(report.templates.find((item) => item.template.includes('fetch'))).toMatchObject({ probedBy: ['u2'], vectors: ['neighbour-id', 'replay'], sources: ['script'] });

  const dir = mkdtempSync(join(tmpdir(), 'coverage-'));
  writeCoverage(join(dir, 'coverage.json'), report);
  expect(readPreviousTemplates(join(dir, 'coverage.json'))?.templates).toHaveLength(3);
  expect(readFileSync(join(dir, 'coverage.md'), 'utf8')).toContain('**not probed**: unsafe');
  expect(readPreviousTemplates(join(dir, 'absent.json'))).toBeUndefined();
  expect(log.report('RUN2', undefined).newSurface).toEqual([]);
});

test('one owner is crawled per class of relationships the others have with them', () => {
  const people: Record<string, { mdph: string; represents?: string }> = { a: { mdph: '1' }, b: { mdph: '1' }, c: { mdph: '2' }, d: { mdph: '2' }, r: { mdph: '', represents: 'a' } };
  const relationship = (requester: string | undefined, owner: string): string => {
    if (requester === undefined) return 'anonymous';
    if (requester === owner) return 'owner';
    if (people[requester]?.represents !== undefined) return people[requester]?.represents === owner ? 'representative' : 'representative-other';
    return people[requester]?.mdph === people[owner]?.mdph ? 'same' : 'other';
  };
  expect(oneOwnerPerClass(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd', 'r', undefined], relationship)).toEqual(['a', 'b']);
  expect(oneOwnerPerClass(['a', 'b', 'c'], ['a', 'b', 'c', 'r', undefined], relationship)).toEqual(['a', 'b', 'c']);
});
