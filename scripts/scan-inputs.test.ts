import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * Runs the real scan command as a user would (`npm run scan`, here with a reporter of their own,
 * which replaces the config's), with a bad input; returns what it printed and the run record.
 */
function scan(env: Record<string, string>): { status: number | null; output: string; record?: { run: { verdict?: { exitCode: number; reason: string } } } } {
  const reports = mkdtempSync(join(tmpdir(), 'cloison-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/scan.ts', '--reporter=line'], {
    env: { ...process.env, CLOISON_QUIET: '1', CLOISON_REPORT_DIR: reports, ...env },
    encoding: 'utf8',
    timeout: 150_000,
  });
  const file = join(reports, 'findings.json');
  const record = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { run: { verdict?: { exitCode: number; reason: string } } }) : undefined;
  rmSync(reports, { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, ...(record ? { record } : {}) };
}

test('a bad environment value stops the scan with one line naming the variable', () => {
  const result = scan({ CLOISON_SEED: 'twelve' });
  expect(result.status).toBe(2);
  expect(result.output).toContain('cloison: CLOISON_SEED must be an integer from 0 to 2147483647 (got "twelve")');
});

test('a profile with a faulty field stops the scan naming the file and the field', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cloison-profile-')), 'vendor.json');
  writeFileSync(file, JSON.stringify({ name: 'vendor', baseURL: 'http://127.0.0.1:59999' }));
  const result = scan({ CLOISON_PROFILE: file });
  expect(result.status).toBe(2);
  expect(result.output).toContain(`cloison: ${file}: allowedHosts is required`);
});

test('a host that is not allowed is refused before any request', () => {
  const result = scan({ CLOISON_BASE_URL: 'http://portail.example.org' });
  expect(result.status).toBe(2);
  expect(result.output).toContain('CLOISON_BASE_URL host "portail.example.org" is not allowed');
});

test('an unreachable target stops the scan with exit 2 (not a finding), one line saying so, and the run record even with --reporter', () => {
  // It loads the whole suite before finding nothing answers: slow on a busy machine.
  test.setTimeout(180_000);
  const result = scan({ CLOISON_BASE_URL: 'http://127.0.0.1:59999' });
  expect(result.status, result.output).toBe(2);
  expect(result.output).toContain('cloison: exit 2: could not check what the profile declares');
  expect(result.output).toContain('target unreachable: nothing answered at http://127.0.0.1:59999');
  expect(result.record?.run.verdict).toMatchObject({ exitCode: 2, reason: expect.stringContaining('target unreachable') });
});

test('a bad population spec stops the scan with one line naming the file and the field, no stack trace', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cloison-population-')), 'bad.json');
  writeFileSync(file, JSON.stringify({ mdph: ['075', '013'], usagersPerMdph: 'two', representatives: 0, agentsPerMdph: 0, piecesPerUsager: { min: 1, max: 1 } }));
  const result = scan({ CLOISON_POPULATION: file });
  expect(result.status).toBe(2);
  const lines = result.output.split('\n').filter((line) => line.includes(file));
  expect(lines).toEqual([`cloison: ${file}: population spec field "usagersPerMdph" must be integer`]);
  expect(result.output).not.toMatch(/^\s+at /m);
});

/** Runs one of the repo's commands (tsx scripts/<name>.ts) as a user would. */
function command(name: string, ...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

test('merge-reports on a bad findings.json: one line naming the file, exit 2', () => {
  const shard = mkdtempSync(join(tmpdir(), 'cloison-shard-'));
  writeFileSync(join(shard, 'findings.json'), '{"tool": "cloison", "findings": ');
  const broken = command('merge-reports', '--out', join(shard, 'merged'), shard);
  expect(broken.status).toBe(2);
  expect(broken.output).toMatch(new RegExp(`^cloison merge-reports: ${join(shard, 'findings.json')} cannot be read as JSON: [^\\n]*$`));
  writeFileSync(join(shard, 'findings.json'), JSON.stringify({ hello: 'world' }));
  const foreign = command('merge-reports', '--out', join(shard, 'merged'), shard);
  expect(foreign.status).toBe(2);
  expect(foreign.output).toBe(`cloison merge-reports: ${join(shard, 'findings.json')} is not a cloison findings file (needs "tool": "cloison", "run", "summary" and a "findings" list)`);
  expect(command('merge-reports', shard, '--out').status).toBe(2);
});

test('verify on a file that is not a findings file: one line naming it, exit 2', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cloison-verify-')), 'package.json');
  writeFileSync(file, JSON.stringify({ name: 'not findings' }));
  const result = command('verify', file);
  expect(result.status).toBe(2);
  expect(result.output).toBe(`cloison verify: ${file} is not a cloison findings file (no "tool": "cloison" with a "findings" list)`);
});
