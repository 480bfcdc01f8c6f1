import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openapiDocument } from '../portal/src/openapi';
import { PACKAGE_ROOT } from '../src/cli/package';
import { installPacked } from './packed-install';
import { parseScanArgs } from './scan';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'cloison.mjs');
const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: options.cwd ?? PACKAGE_ROOT, env: { ...process.env, ...options.env }, encoding: 'utf8', timeout: options.timeout ?? 60_000 });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

test.describe('cloison command line', () => {
  for (const [args, named] of [
    [['bogus'], 'subcommand bogus'],
    [['--bogus'], 'option --bogus'],
    [['scan', '--retries', '2'], '--retries'],
    [['scan', '--workers'], '--workers needs a value'],
  ] as const) {
    test(`cloison ${args.join(' ')} exits 2 with one line naming it`, () => {
      const result = run(process.execPath, [BIN, ...args]);
      expect(result.status).toBe(2);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain(named);
    });
  }

  test('--version prints the package version, --help every subcommand', () => {
    expect(run(process.execPath, [BIN, '--version']).stdout.trim()).toBe(VERSION);
    const help = run(process.execPath, [BIN, '--help']);
    expect(help.status).toBe(0);
    for (const name of ['scan', 'dry-run', 'compare', 'verify', 'merge-reports', 'cleanup', 'history']) expect(help.stdout).toContain(`  ${name} `);
  });

  test('scan arguments: a leading profile is the user\'s, Playwright options pass through with their values', () => {
    expect(parseScanArgs(['my.json', '--grep', 'download', '--shard=1/2', '-j', '1', 'objects/'])).toEqual({
      profile: 'my.json',
      playwright: ['--grep', 'download', '--shard=1/2', '-j', '1', 'objects/'],
    });
    expect(parseScanArgs(['--reporter', 'line'])).toEqual({ profile: undefined, playwright: ['--reporter', 'line'] });
    // A value that looks like a profile after an option is the option's value, not a profile.
    expect(parseScanArgs(['--grep', 'x.json']).profile).toBeUndefined();
    expect(() => parseScanArgs(['--pass-with-no-tests'])).toThrow(/--pass-with-no-tests/);
    // --budget is cloison's own (the release-gate probe budget): it never reaches Playwright.
    expect(parseScanArgs(['my.json', '--budget', '--grep', 'download'])).toEqual({ profile: 'my.json', playwright: ['--grep', 'download'], budget: true });
  });

  test('a probe budget too small to cover every route × class × action once is exit 2 naming the variable, before anything starts', () => {
    // Three cold starts of the CLI, each compiling its TypeScript under tsx: 6 s alone, past the
    // 30 s default when the self-test's other worker runs a scan beside it.
    test.setTimeout(120_000);
    // The dry run counts the unbudgeted families from the previous run in the report folder: an
    // empty one, so a scan run here before does not change the total this test reads.
    const reports = test.info().outputPath('reports');
    for (const command of [['scan'], ['dry-run']]) {
      const result = run(process.execPath, [BIN, ...command], { env: { CLOISON_MAX_PROBES: '5' } });
      expect(result.status).toBe(2);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain('CLOISON_MAX_PROBES is 5');
    }
    const planned = run(process.execPath, [BIN, 'dry-run', '--budget'], { env: { CLOISON_MAX_PROBES: '', CLOISON_REPORT_DIR: reports } });
    expect(planned.status).toBe(0);
    expect(planned.stdout).toMatch(/with budget CLOISON_MAX_PROBES=3000: 3000\+ probes/);
    expect(planned.stdout).toMatch(/duration at 5 req\/s/);
    // One budget for every planned family: what each keeps adds up to the budget.
    const kept = [...planned.stdout.matchAll(/^ +(objects|paths|concurrency|roles|writes) +(\d+) +(\d+) +(\d+)$/gm)].map((row) => Number(row[4]));
    expect(kept).toHaveLength(5);
    expect(kept.reduce((sum, value) => sum + value, 0)).toBe(3000);
  });
});

/**
 * The packed package, installed into an empty folder as a QA team would, scans the embedded
 * reference portal from there. It costs a pack, an offline install and two narrowed scans
 * (several minutes on a busy machine), so it runs when asked: CLOISON_PACKAGE_TEST=1.
 */
test.describe('the packed package, installed elsewhere', () => {
  test.skip(!process.env.CLOISON_PACKAGE_TEST, 'opt-in (several minutes): CLOISON_PACKAGE_TEST=1 npx playwright test -c selftest.config.ts scripts/cli.test.ts');
  test.describe.configure({ mode: 'serial', timeout: 20 * 60_000 });

  let dir = '';
  let app = '';
  test.afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  // Only the download routes: the pack, the install and the path resolution are what is tested here.
  const scan = (env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> =>
    run('npx', ['--no-install', 'cloison', 'scan', 'cloison-profile.json', '--grep', 'pièce download', '--reporter', 'dot'], {
      cwd: app,
      env: { CLOISON_POPULATION: path.join(app, 'node_modules', 'cloison', 'seeds', 'matrix.json'), CLOISON_WORKERS: '1', CLOISON_PROFILE: '', CLOISON_REPORT_DIR: '', ...env },
      timeout: 10 * 60_000,
    });

  test('npm pack, then an offline install into an empty folder', () => {
    ({ dir, app } = installPacked());

    const profile = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'profiles', 'reference-portal.json'), 'utf8')) as Record<string, unknown>;
    const schema = './node_modules/cloison/src/profile/profile.schema.json';
    writeFileSync(path.join(app, 'cloison-profile.json'), JSON.stringify({ ...profile, $schema: schema }, null, 2));
    expect(existsSync(path.join(app, schema))).toBe(true);
  });

  test('npx cloison init from the installed package: the draft\'s $schema resolves from the draft\'s folder', () => {
    writeFileSync(path.join(app, 'openapi.json'), JSON.stringify(openapiDocument));
    mkdirSync(path.join(app, 'drafts'));
    const result = run('npx', ['--no-install', 'cloison', 'init', '--openapi', 'openapi.json', '--base-url', 'http://127.0.0.1:3100', '--out', 'drafts/portal.json'], { cwd: app });
    expect(result.status, result.stderr).toBe(0);
    const draft = JSON.parse(readFileSync(path.join(app, 'drafts', 'portal.json'), 'utf8')) as { $schema: string };
    expect(draft.$schema).toBe('../node_modules/cloison/src/profile/profile.schema.json');
    expect(existsSync(path.join(app, 'drafts', draft.$schema))).toBe(true);
  });

  test('npx cloison bogus: exit 2, one line', () => {
    const result = run('npx', ['--no-install', 'cloison', 'bogus'], { cwd: app });
    expect(result.status).toBe(2);
    expect(lines(result.stderr)).toEqual(['cloison: unknown subcommand bogus (cloison --help lists them)']);
  });

  test('npx cloison scan <profile> on the secure portal: exit 0, findings.json in the user\'s folder', () => {
    const result = scan();
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(path.join(app, 'reports', 'findings.json'), 'utf8')) as { findings: unknown[]; run: { verdict: { exitCode: number } } };
    expect(report.findings).toEqual([]);
    expect(report.run.verdict.exitCode).toBe(0);
  });

  test('npx cloison scan <profile> with PORTAL_FLAWS=download-idor: exit 1, the finding in the user\'s folder', () => {
    const result = scan({ PORTAL_FLAWS: 'download-idor' });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(1);
    const report = JSON.parse(readFileSync(path.join(app, 'reports', 'findings.json'), 'utf8')) as { findings: { check: string }[] };
    expect(report.findings.map((finding) => finding.check)).toContain('objects/download');
  });
});
