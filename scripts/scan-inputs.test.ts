import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/** Runs the real scan command as a user would, with a bad input, and returns what it printed. */
function scan(env: Record<string, string>): { status: number | null; output: string } {
  const reports = mkdtempSync(join(tmpdir(), 'cloison-'));
  const result = spawnSync('npx', ['playwright', 'test', '--reporter=line'], {
    env: { ...process.env, CLOISON_QUIET: '1', CLOISON_REPORT_DIR: reports, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  rmSync(reports, { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
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

test('an unreachable target fails the run quickly, saying so', () => {
  const result = scan({ CLOISON_BASE_URL: 'http://127.0.0.1:59999' });
  expect(result.status).toBe(1);
  expect(result.output).toContain('target unreachable: nothing answered at http://127.0.0.1:59999');
  expect(result.output).toContain('did not run');
});
