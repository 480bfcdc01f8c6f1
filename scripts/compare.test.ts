import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const dir = mkdtempSync(join(tmpdir(), 'cloison-compare-'));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const finding = (id: string): Record<string, unknown> => ({ id, check: 'objects/download', verdict: 'leak', severity: 'critical', title: `leak ${id}`, vector: 'direct-id', instanceCount: 1 });
const report = (release: string, ids: string[]): Record<string, unknown> => ({ tool: 'cloison', run: { release }, findings: ids.map(finding) });

function compare(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('npx', ['tsx', 'scripts/compare.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('the compare command: exit 1 on something new, 0 once fixed, 2 on a bad baseline', () => {
  const A = 'aaaaaaaaaaaaaaaa';
  const B = 'bbbbbbbbbbbbbbbb';
  const r1 = file('r1.json', report('r1', [A]));
  const r2 = file('r2.json', report('r2', [A, B]));
  const worse = compare(r1, r2);
  expect(worse.status).toBe(1);
  expect(worse.output).toContain(`NEW (1)\n  ${B}  [leak/critical] objects/download (direct-id): leak ${B}`);
  expect(worse.output).toContain(`STILL PRESENT (1)\n  ${A}`);
  const better = compare(r2, r1);
  expect(better.status).toBe(0);
  expect(better.output).toContain(`FIXED (1)\n  ${B}`);
  const accepted = file('accepted.json', { accepted: [{ id: B, reason: 'fix in 2026.07', expires: '2999-12-31' }] });
  expect(compare(r1, r2, '--baseline', accepted).status).toBe(0);
  const expired = file('expired.json', { accepted: [{ id: B, reason: 'fix in 2026.07', expires: '2020-01-01' }] });
  expect(compare(r1, r2, '--baseline', expired).status).toBe(1);
  const reasonless = file('reasonless.json', { accepted: [{ id: B, expires: '2999-12-31' }] });
  const refused = compare(r1, r2, '--baseline', reasonless);
  expect(refused.status).toBe(2);
  expect(refused.output).toContain('needs a reason');
});
