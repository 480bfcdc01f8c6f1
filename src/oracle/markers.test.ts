import { expect, test } from '@playwright/test';
import { buildMarkerIndex, canonicalCanary } from './markers';
import { CANARY_A3, EMAIL_A, NIR_A, RUN_ID, index, population } from './testing';

test('indexes canaries, hashes, e-mails and NIRs to their owner', () => {
  const idx = index();
  const doc = population().documents.find((d) => d.key === 'u075a-d3');
  expect(idx.canaries.get(CANARY_A3)).toEqual({ ownerKey: 'u075a', documentKey: 'u075a-d3', content: false });
  expect(idx.canaries.get(CANARY_A3.replace('CLSN-', 'CLSNC-'))).toEqual({ ownerKey: 'u075a', documentKey: 'u075a-d3', content: true });
  expect(idx.sha256.get(doc?.sha256 ?? '')).toEqual({ ownerKey: 'u075a', documentKey: 'u075a-d3' });
  expect(idx.emails.get(EMAIL_A.toUpperCase().toLowerCase())).toEqual({ ownerKey: 'u075a' });
  expect(idx.nirs.get(NIR_A)?.ownerKey).toBe('u075a');
  expect(idx.nirs.get(NIR_A.slice(0, 13))?.nir).toBe(NIR_A);
});

test('the canary pattern is bound to the run id and tolerates slugified spellings', () => {
  const idx = index();
  const hits = (text: string): string[] => [...text.matchAll(idx.canaryPattern)].map((m) => canonicalCanary(m[0]));
  expect(hits(`x ${CANARY_A3.toLowerCase().replace(/-/g, '_')} y`)).toEqual([CANARY_A3]);
  expect(hits(`CLSN-OTHER1-U075A-3`)).toEqual([]);
  // Another run id that starts with ours may match the pattern, never a marker of the index.
  expect(hits(`CLSN-${RUN_ID}X-U075A-3`).filter((hit) => idx.canaries.has(hit))).toEqual([]);
});

test('rejects a run id that is not alphanumeric (it is spliced into a regex)', () => {
  expect(() => buildMarkerIndex({ runId: 'A|.*', people: [], documents: [] })).toThrow(/runId/);
});
