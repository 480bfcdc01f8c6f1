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
  const result = spawnSync('npx', ['tsx', 'scripts/scan.ts', '--reporter=line'], {
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
