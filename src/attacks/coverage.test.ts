import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AttackCoverage, coverageFileName } from './coverage';

const SPEC = 'tests/writes/dossier-tampering.spec.ts';
const LONG_DESCRIBE = 'write side through POST /api/dossiers/{dossier}/pieces, PATCH /api/pieces/{piece}';

test('two tests whose titles share their first 80 characters get two coverage files', () => {
  const first = coverageFileName('writes', [SPEC, LONG_DESCRIBE, 'only u01 writes into u01\'s pièces']);
  const second = coverageFileName('writes', [SPEC, LONG_DESCRIBE, 'only u02 writes into u02\'s pièces']);
  expect(first).not.toBe(second);
  for (const name of [first, second]) {
    expect(name).toMatch(/^writes-write-side-through-post-api-dossiers-dossier-pieces-[a-z0-9-]*-[0-9a-f]{8}\.json$/);
    expect(name.length).toBeLessThanOrEqual('writes-'.length + 80 + '.json'.length);
  }
  // The same test names the same file from one run to the next.
  expect(coverageFileName('writes', [SPEC, LONG_DESCRIBE, 'only u01 writes into u01\'s pièces'])).toBe(first);
});

test('a title path that fits in 80 characters keeps its plain name, without the spec file', () => {
  expect(coverageFileName('pages', [SPEC, 'page two', 'holds nothing of u02'])).toBe('pages-page-two-holds-nothing-of-u02.json');
});

test('the coverage is written and attached under the name of the test that wrote it', async () => {
  const testInfo = test.info();
  const coverage = new AttackCoverage('tokens');
  coverage.tried('GET /api/pieces/{piece}', 'u01', 'alg-none');
  await coverage.write(testInfo, testInfo.outputDir);
  expect(readdirSync(join(testInfo.outputDir, 'coverage'))).toEqual([coverageFileName('tokens', testInfo.titlePath)]);
  expect(testInfo.attachments.map((attachment) => attachment.name)).toEqual(['tokens coverage']);
});
