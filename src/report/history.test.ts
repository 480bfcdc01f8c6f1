import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { appendHistory, formatHistory, HistoryError, historyLine, openSince, readHistory, type HistorySource } from './history';

const run = (release: string, causes: { id: string; findings: string[] }[]): HistorySource => ({
  run: { release, finishedAt: `2026-0${release.slice(-1)}-01T03:00:00.000Z`, status: causes.length ? 'failed' : 'passed', runId: `RUN${release.slice(-1)}`, counts: { routesCovered: 30, probes: { total: 6000 } } },
  summary: { tests: 160 },
  rootCauses: causes,
});
const A = { id: 'aaaaaaaaaaaaaaaa', findings: ['0000000000000001', '0000000000000002'] };
const B = { id: 'bbbbbbbbbbbbbbbb', findings: ['0000000000000003'] };

test('each line counts open, new (not open in the previous line), fixed and accepted root causes', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cloison-history-')), 'h.jsonl');
  const today = new Date('2026-06-15T00:00:00Z');
  // B is accepted by its root cause id; A by an old baseline listing only one of its findings: not accepted.
  const baseline = [
    { id: B.id, reason: 'vendor fix in 2026.07', expires: '2026-12-31' },
    { id: '0000000000000001', reason: 'old entry', expires: '2026-12-31' },
  ];
  for (const source of [run('r1', [A]), run('r2', [A, B]), run('r3', [B])]) appendHistory(file, historyLine(source, readHistory(file), baseline, today));
  const lines = readHistory(file);
  expect(lines.map((l) => [l.release, l.rootCauses])).toEqual([
    ['r1', { open: 1, new: 1, fixed: 0, accepted: 0 }],
    ['r2', { open: 2, new: 1, fixed: 0, accepted: 1 }],
    ['r3', { open: 1, new: 0, fixed: 1, accepted: 1 }],
  ]);
  expect(lines[2]).toMatchObject({ runId: 'RUN3', status: 'failed', open: [B.id], coverage: { routesCovered: 30, probes: 6000, tests: 160 } });
  expect(openSince(lines, B.id)).toBe('r2');
  expect(openSince(lines, A.id)).toBeUndefined();
  expect(formatHistory(lines, file)).toContain('open root causes unchanged: 1 (r1) → 1 (r3).');
});

test('a broken history line is an error naming the file and line, a missing file an empty history', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-history-'));
  expect(readHistory(path.join(dir, 'none.jsonl'))).toEqual([]);
  const file = path.join(dir, 'broken.jsonl');
  writeFileSync(file, `${JSON.stringify(historyLine(run('r1', []), []))}\n{"release": 3}\n`);
  expect(() => readHistory(file)).toThrow(HistoryError);
  expect(() => readHistory(file)).toThrow(`${file}:2: not a history line`);
});
