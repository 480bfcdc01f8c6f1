import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectedSeconds, longestFirst, readRowSeconds, recordRowSeconds } from './matrix-order';

const job = (name: string, ...ids: string[]): { name: string; flaws: { id: string }[] } => ({ name, flaws: ids.map((id) => ({ id })) });
const row = (_job: unknown, id: string): string => `p:${id}`;

test('a group is as long as its longest row\'s last scan; a row nobody timed leaves it unknown', () => {
  const seconds = { 'p:a': 120, 'p:b': 480, 'p:secure': 90 };
  expect(expectedSeconds(job('p:group-a+b', 'a', 'b'), seconds, (id) => `p:${id}`)).toBe(480);
  expect(expectedSeconds(job('p:secure'), seconds, (id) => `p:${id}`)).toBe(90);
  expect(expectedSeconds(job('p:group-a+c', 'a', 'c'), seconds, (id) => `p:${id}`)).toBeUndefined();
});

test('the longest scans start first, and scans no run has timed before all of them, in the plan\'s order', () => {
  const jobs = [job('p:group-a+b', 'a', 'b'), job('p:new', 'n'), job('p:c', 'c'), job('p:newer', 'm'), job('p:secure')];
  const ordered = longestFirst(jobs, { 'p:a': 200, 'p:b': 150, 'p:c': 573, 'p:secure': 90 }, row);
  expect(ordered.map((scan) => scan.name)).toEqual(['p:new', 'p:newer', 'p:c', 'p:group-a+b', 'p:secure']);
  // With no record at all, the plan's own order stands.
  expect(longestFirst(jobs, {}, row)).toEqual(jobs);
});

test('seconds come from the last run here, else the committed record; an unreadable file is passed over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloison-order-'));
  const lastRun = join(dir, 'matrix.json');
  const committed = join(dir, 'matrix-seconds.json');
  recordRowSeconds([{ flaw: 'secure', seconds: 151.6 }, { flaw: 'listed', seconds: 0 }], committed);
  expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual({ secure: 152 });
  expect(readRowSeconds([lastRun, committed])).toEqual({ secure: 152 });
  writeFileSync(lastRun, '{ not json');
  expect(readRowSeconds([lastRun, committed])).toEqual({ secure: 152 });
  writeFileSync(lastRun, JSON.stringify({ wallSeconds: 10, rows: [{ flaw: 'secure', seconds: 88.5 }, { flaw: 'x', seconds: 0 }] }));
  expect(readRowSeconds([lastRun, committed])).toEqual({ secure: 88.5 });
  expect(readRowSeconds([join(dir, 'absent.json')])).toEqual({});
});
