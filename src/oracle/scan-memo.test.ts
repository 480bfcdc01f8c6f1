import zlib from 'node:zlib';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import type { Evidence } from './evidence';
import { sha256Hex } from './markers';
import { scanResponse, type ScanInput, type ScanResult } from './scan';
import { ScanMemo } from './scan-memo';
import { textViews } from './text-views';
import { scanTokens } from './tokens';
import { ADRESSE_A, CANARY_A1, CANARY_A3, CANARY_B1, CONTENT_A1, EMAIL_A, EMAIL_C, NIR_A, NIR_B, VICTIM_FILE, index, pdfWithCanary, pngWithText, utf8 } from './testing';

const idx = index();

/** Deterministic: a failing case is reproduced by its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Markers in the spellings the oracle decodes, and text that only looks like them. */
const FRAGMENTS = [
  CANARY_A1, CANARY_B1, CONTENT_A1, EMAIL_A, EMAIL_C, NIR_A,
  `${NIR_B.slice(0, 1)} ${NIR_B.slice(1, 3)} ${NIR_B.slice(3, 5)} ${NIR_B.slice(5, 7)} ${NIR_B.slice(7, 10)} ${NIR_B.slice(10, 13)}`,
  CANARY_A3.replace(/-/g, '\\u002d'), EMAIL_A.replace('@', '&#64;'), encodeURIComponent(`${CANARY_B1}.pdf`).replace(/-/g, '%2D'),
  'Camille DURAND', '12/05/1985', '1985-05-12', ADRESSE_A, sha256Hex(VICTIM_FILE), Buffer.from(sha256Hex(VICTIM_FILE), 'hex').toString('base64'),
  `=?UTF-8?B?${Buffer.from(CANARY_A1).toString('base64')}?=`, Buffer.from(`{"sub":"${EMAIL_A}"}`).toString('base64url'),
  'CLSN-Z9Z9Z9-U075A-3', 'a'.repeat(64), '075-2026-000123', 'Accès refusé', '{"error":"forbidden"}', '&page=2', '%', '\\', '@', '=',
];

function text(random: () => number, parts: number): string {
  const pick = (): string => FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] as string;
  return Array.from({ length: parts }, () => (random() < 0.5 ? pick() : Math.floor(random() * 1e9).toString(36))).join(random() < 0.5 ? ' ' : '","');
}

/** A body of each shape the oracle opens: text, gzip, zip, base64 inside JSON, PDF, PNG, UTF-16. */
async function bodies(random: () => number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [new Uint8Array(0), VICTIM_FILE, await pdfWithCanary(CANARY_A1), pngWithText([{ type: 'tEXt', keyword: 'Comment', text: CANARY_B1 }])];
  for (let i = 0; i < 24; i++) {
    const plain = text(random, 1 + Math.floor(random() * 12));
    const shape = Math.floor(random() * 5);
    if (shape === 0) out.push(utf8(plain));
    else if (shape === 1) out.push(zlib.gzipSync(plain));
    else if (shape === 2) out.push(zipSync({ [`${text(random, 1)}.txt`]: utf8(plain), 'b.bin': utf8(text(random, 3)) }));
    else if (shape === 3) out.push(utf8(JSON.stringify({ fichier: Buffer.from(plain.repeat(30)).toString('base64') })));
    else out.push(Buffer.from(plain, 'utf16le'));
  }
  return out;
}

function headers(random: () => number): Record<string, string> {
  const names = ['content-type', 'content-disposition', 'location', 'x-owner', 'repr-digest', 'etag', 'date', 'set-cookie'];
  const out: Record<string, string> = {};
  for (const name of names) if (random() < 0.6) out[name] = random() < 0.3 ? 'application/json; charset=utf-8' : text(random, 1 + Math.floor(random() * 2));
  return out;
}

/** Every header value scanned alone, as the oracle defines header evidence, without any shortcut. */
function eachValueAlone(input: ScanInput): string[] {
  const evidence: Evidence[] = [];
  for (const [name, value] of Object.entries(input.headers)) for (const view of textViews(value)) scanTokens(idx, view, `header:${name.toLowerCase()}`, (e) => evidence.push(e));
  return [...new Set(evidence.map((e) => `${e.kind}:${e.value}:${e.ownerKey}:${e.documentKey ?? ''}@${e.location}`))].sort();
}

const headerPart = (result: ScanResult): string[] =>
  result.evidence.filter((e) => e.location.startsWith('header:')).map((e) => `${e.kind}:${e.value}:${e.ownerKey}:${e.documentKey ?? ''}@${e.location}`).sort();

test('a memo answers exactly what a full scan finds, on random answers that repeat bodies and header values', async () => {
  for (const seed of [1, 2]) {
    const random = prng(seed);
    const pool = await bodies(random);
    const memo = new ScanMemo();
    let marked = 0;
    for (let i = 0; i < 250; i++) {
      const input: ScanInput = { body: pool[Math.floor(random() * pool.length)] as Uint8Array, headers: headers(random), ...(random() < 0.1 ? { contentType: 'text/csv; charset=utf-16' } : {}) };
      const full = scanResponse(idx, input);
      expect(scanResponse(idx, input, undefined, memo), `seed ${seed}, answer ${i}`).toEqual(full);
      // The joined pass over the header values finds what each value alone gives.
      expect(headerPart(full), `seed ${seed}, answer ${i}`).toEqual(eachValueAlone(input));
      if (full.evidence.length > 0) marked++;
    }
    // The inputs exercise both sides: answers with markers and answers without.
    expect(marked).toBeGreaterThan(30);
    expect(marked).toBeLessThan(250);
  }
});

test('an answer the memo has seen cut stays cut, and custom limits bypass the memo', () => {
  const bomb = zlib.gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x41));
  const memo = new ScanMemo();
  // Under the default limits the body is read whole, and remembered so.
  expect(scanResponse(idx, { body: bomb, headers: {} }, undefined, memo).cuts).toEqual([]);
  // A smaller budget must not get the default budget's answer from the memo.
  const tight = scanResponse(idx, { body: bomb, headers: {} }, { maxInflatedBytes: 1024 * 1024 }, memo);
  expect(tight.cuts.join('\n')).toMatch(/gzip output exceeds the inflate budget/);

  const zipBomb = zipSync({ 'zeros.bin': new Uint8Array(60 * 1024 * 1024), [`${CANARY_A1}.txt`]: utf8('x') });
  const first = scanResponse(idx, { body: zipBomb, headers: {} }, undefined, memo);
  expect(first.cuts.join('\n')).toContain('zeros.bin');
  const again = scanResponse(idx, { body: zipBomb, headers: {} }, undefined, memo);
  expect(again).toEqual(first);
});

test("changing a returned result does not change the memo's next answer", () => {
  const memo = new ScanMemo();
  const input: ScanInput = { body: utf8(`titre ${CANARY_A1}`), headers: { 'content-disposition': `attachment; filename="${CANARY_B1}.pdf"` } };
  const first = scanResponse(idx, input, undefined, memo);
  const expected = structuredClone(first);
  for (const e of first.evidence) e.ownerKey = 'someone-else';
  first.cuts.push('tampered');
  expect(scanResponse(idx, input, undefined, memo)).toEqual(expected);
});

test('past its bounds the memo forgets the oldest answers and still answers what a full scan finds', () => {
  const memo = new ScanMemo();
  const inputs: ScanInput[] = Array.from({ length: 4200 }, (_, i) => ({ body: utf8(`${i} ${i % 7 ? 'rien' : CANARY_A1}`), headers: { etag: `"${i}"`, 'content-disposition': i % 5 ? 'inline' : `attachment; filename="${CANARY_B1}-${i}.pdf"` } }));
  for (const input of inputs) scanResponse(idx, input, undefined, memo);
  for (const input of [inputs[0], inputs[7], inputs[4199]] as ScanInput[]) expect(scanResponse(idx, input, undefined, memo)).toEqual(scanResponse(idx, input));
});
