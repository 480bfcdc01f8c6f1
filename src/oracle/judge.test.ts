import zlib from 'node:zlib';
import { expect, test } from '@playwright/test';
import { judge } from './judge';
import { scanResponse } from './scan';
import { CANARY_A1, CANARY_B1, CONTENT_A1, EMAIL_A, VICTIM_FILE, index, utf8 } from './testing';

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

test('a content marker is never an echo, even on a route whose URL carries the file name', () => {
  // A preview of u075a's document, asked for by its stored file name (which holds its canary).
  const preview = `<h1>certificat-${CANARY_A1}.txt</h1><pre>Référence du document : ${CANARY_A1}\nEmpreinte : ${CONTENT_A1}</pre>`;
  const url = `/apercu?fichier=certificat-${CANARY_A1}.txt`;
  const { foreign } = judge({ scan: scanResponse(idx, { body: utf8(preview), headers: {} }), maySee: mayBe('u075b'), request: { url } });
  expect(foreign.map((e) => `${e.kind}:${e.value}`)).toEqual([`content:${CONTENT_A1}`]);
  // The file itself, recognised by its hash, is never an echo either, even if the URL names the hash.
  const file = scanResponse(idx, { body: VICTIM_FILE, headers: {} });
  const hex = file.evidence[0]?.value ?? '';
  expect(judge({ scan: file, maySee: mayBe('u075b'), request: { url: `/fichiers/${hex}` } }).foreign.map((e) => e.kind)).toEqual(['sha256']);
});

test('an answer the scan could not read whole is unscanned, with the limit it hit', () => {
  const bomb = zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x41));
  const cut = scanResponse(idx, { body: bomb, headers: {} }, { maxInflatedBytes: 1024 * 1024 });
  const judgement = judge({ scan: cut, maySee: mayBe('u075b'), request: { url: '/export' } });
  expect(judgement.foreign).toEqual([]);
  expect(judgement.unscanned).toEqual([expect.stringMatching(/^body: gzip output exceeds the inflate budget/)]);
  expect(judge({ scan, maySee: mayBe('u075b'), request: { url: '/x' } }).unscanned).toEqual([]);
});
