import zlib from 'node:zlib';
import { expect, test } from '@playwright/test';
import { judge } from './judge';
import { scanResponse } from './scan';
import { CANARY_A1, CANARY_B1, EMAIL_A, index, utf8 } from './testing';

const idx = index();
const scan = scanResponse(idx, { body: utf8(JSON.stringify({ mine: CANARY_B1, theirs: CANARY_A1, contact: EMAIL_A })), headers: {} });
const mayBe = (...keys: string[]) => (owner: string): boolean => keys.includes(owner);

test('own markers and those the policy allows are not foreign', () => {
  expect(scan.evidence).toHaveLength(3);
  // u075b asking: its own canary is fine, u075a's canary and e-mail are not.
  const { foreign } = judge({ scan, maySee: mayBe('u075b'), request: { url: '/api/pieces' } });
  expect(foreign.map((e) => e.value).sort()).toEqual([CANARY_A1, EMAIL_A].sort());
  // u075a's representative may see both.
  expect(judge({ scan, maySee: mayBe('u075a', 'u075b'), request: { url: '/api/pieces' } }).foreign).toEqual([]);
});

test('a marker the requester sent itself and the answer repeats is an echo, not a leak', () => {
  const { foreign } = judge({ scan, maySee: mayBe('u075b'), request: { url: `/recherche?q=${encodeURIComponent(CANARY_A1)}` } });
  expect(foreign.map((e) => e.value)).toEqual([EMAIL_A]);
});

test('an answer the scan could not read whole is unscanned, with the limit it hit', () => {
  const bomb = zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x41));
  const cut = scanResponse(idx, { body: bomb, headers: {} }, { maxInflatedBytes: 1024 * 1024 });
  const judgement = judge({ scan: cut, maySee: mayBe('u075b'), request: { url: '/export' } });
  expect(judgement.foreign).toEqual([]);
  expect(judgement.unscanned).toEqual([expect.stringMatching(/^body: gzip output exceeds the inflate budget/)]);
  expect(judge({ scan, maySee: mayBe('u075b'), request: { url: '/x' } }).unscanned).toEqual([]);
});
