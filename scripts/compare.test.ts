import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const dir = mkdtempSync(join(tmpdir(), 'cloison-compare-'));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const finding = (id: string): Record<string, unknown> => ({ id, check: 'objects/download', verdict: 'leak', severity: 'critical', title: `leak ${id}`, routeTemplate: `/files/${id}/{id}`, vector: 'direct-id', instanceCount: 1 });
const report = (release: string, ids: string[]): Record<string, unknown> => ({ tool: 'cloison', run: { release }, findings: ids.map(finding) });

function compare(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/compare.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('the compare command: exit 1 on something new, 0 once fixed, 2 on a bad baseline', () => {
  const A = 'aaaaaaaaaaaaaaaa';
  const B = 'bbbbbbbbbbbbbbbb';
  const r1 = file('r1.json', report('r1', [A]));
  const r2 = file('r2.json', report('r2', [A, B]));
  const worse = compare(r1, r2);
  expect(worse.status).toBe(1);
  expect(worse.output).toContain(`read /files/${B}/{id} — 1 finding, 1 instance`);
  expect(worse.output).toContain(`        ${B}  [leak/critical] objects/download (direct-id): leak ${B}`);
  expect(worse.output).toContain('STILL PRESENT (1)');
  const better = compare(r2, r1);
  expect(better.status).toBe(0);
  expect(better.output).toContain('FIXED ROOT CAUSES (1)');
  const accepted = file('accepted.json', { accepted: [{ id: B, reason: 'fix in 2026.07', expires: '2999-12-31' }] });
  expect(compare(r1, r2, '--baseline', accepted).status).toBe(0);
  const expired = file('expired.json', { accepted: [{ id: B, reason: 'fix in 2026.07', expires: '2020-01-01' }] });
  expect(compare(r1, r2, '--baseline', expired).status).toBe(1);
  const reasonless = file('reasonless.json', { accepted: [{ id: B, expires: '2999-12-31' }] });
  const refused = compare(r1, r2, '--baseline', reasonless);
  expect(refused.status).toBe(2);
  expect(refused.output).toContain('needs a reason');
  const broken = file('broken.json', { tool: 'cloison', findings: [{ id: A, check: 'objects/download' }] });
  expect(compare(r1, broken).output).toContain('findings[0] needs an id, a check and a routeTemplate');
});

test('a secure run against a download-idor run (real findings files, trimmed): 1 new root cause, its findings beneath', () => {
  const secure = 'src/report/testdata/findings-secure.json';
  const idor = 'src/report/testdata/findings-download-idor.json';
  const findings = (JSON.parse(readFileSync(idor, 'utf8')) as { findings: unknown[] }).findings.length;
  expect(findings).toBeGreaterThan(20);
  const worse = compare(secure, idor);
  expect(worse.status).toBe(1);
  expect(worse.output).toMatch(new RegExp(`NEW ROOT CAUSES \\(1\\)\\n {2}[0-9a-f]{16} {2}\\[leak/critical\\] read \\S+/contenu — ${findings} findings, \\d+ instances`));
  expect(worse.output.match(/^ {8}[0-9a-f]{16} {2}\[leak/gm)).toHaveLength(findings);
  expect(worse.output).toContain(`FAIL: 1 new root cause (${findings} findings beneath).`);
  expect(compare(idor, secure).output).toContain('FIXED ROOT CAUSES (1)');
});

test('--baseline without a file is an error, not silently ignored', () => {
  const r1 = file('r1-nobaseline.json', report('1', ['a']));
  const r2 = file('r2-nobaseline.json', report('2', ['a', 'b']));
  for (const args of [[r1, r2, '--baseline'], ['--baseline', '--x', r1, r2]]) {
    const result = compare(...args);
    expect(result.status).toBe(2);
    expect(result.output.trim()).toBe('cloison compare: --baseline needs a file (--baseline accepted.json)');
  }
});
