import { expect, test } from '@playwright/test';
import type { Evidence } from '../findings/types';
import { classify, foreignEvidence, victimsOf } from './judge';
import { scanResponse } from './scan';
import { CANARY_A1, CANARY_B1, EMAIL_A, index, utf8 } from './testing';

const idx = index();
const evidence: Evidence[] = scanResponse(idx, {
  body: utf8(JSON.stringify({ mine: CANARY_B1, theirs: CANARY_A1, contact: EMAIL_A })),
  headers: {},
});

test('own markers and those the policy allows are not foreign', () => {
  expect(evidence).toHaveLength(3);
  // u075b asking: its own canary is fine, u075a's canary and e-mail are not.
  const foreign = foreignEvidence(evidence, ['u075b']);
  expect(foreign.map((e) => e.value).sort()).toEqual([CANARY_A1, EMAIL_A].sort());
  expect(victimsOf(foreign)).toEqual(['u075a']);
  // u075a's representative may see both.
  expect(foreignEvidence(evidence, new Set(['u075a', 'u075b']))).toEqual([]);
});

test('any foreign evidence is a leak, whatever the status', () => {
  const foreign = foreignEvidence(evidence, ['u075b']);
  for (const status of [200, 302, 403, 404, 500]) {
    expect(classify({ forbiddenPair: true, objectRoute: true, status, foreignEvidence: foreign })).toBe('leak');
  }
  // Even on a pair believed allowed: a page carrying a third person's marker leaked it.
  expect(classify({ forbiddenPair: false, objectRoute: false, status: 200, foreignEvidence: foreign })).toBe('leak');
});

test('a 2xx on a forbidden object with nothing recognised is suspicious, never ok', () => {
  expect(classify({ forbiddenPair: true, objectRoute: true, status: 200, foreignEvidence: [] })).toBe('suspicious');
  expect(classify({ forbiddenPair: true, objectRoute: true, status: 204, foreignEvidence: [] })).toBe('suspicious');
});

test('denials, redirects without data, lists and allowed pairs are ok', () => {
  expect(classify({ forbiddenPair: true, objectRoute: true, status: 403, foreignEvidence: [] })).toBe('ok');
  expect(classify({ forbiddenPair: true, objectRoute: true, status: 302, foreignEvidence: [] })).toBe('ok');
  expect(classify({ forbiddenPair: true, objectRoute: false, status: 200, foreignEvidence: [] })).toBe('ok');
  expect(classify({ forbiddenPair: false, objectRoute: true, status: 200, foreignEvidence: [] })).toBe('ok');
});
