/**
 * `cloison scan`: the security suite, with the gate's exit code.
 *
 *   cloison scan [profile.json] [test files] [--grep …] [--reporter=line] [--shard i/n] [--workers n] …
 *
 * The profile (else CLOISON_PROFILE, else the embedded reference portal), population, .env and
 * report folder are the user's, relative to the working directory; the suite is the package's.
 * Playwright's options pass through; one that would weaken the gate or is unknown is refused
 * (exit 2, one line), e.g. --retries: a leak that passes on retry is a leak. `--budget` is
 * cloison's own: the release-gate probe budget (CLOISON_MAX_PROBES=3000 unless set; a budget too
 * small to cover every route × forbidden class × action once is exit 2 naming the variable).
 *
 * Exit 0: no finding and every declared check ran (or is listed not applicable with its reason);
 * 1: findings; 2: cloison could not check what the profile declares (one line says what). The
 * codes come from the run record (findings.json → run.verdict), not from Playwright's own exit
 * code, which says 1 for both a leak and a login that failed.
 *
 * A `--reporter` given here replaces the config's reporters (Playwright's rule): the findings
 * reporter is added back to it, so findings.json is written whatever the user asks to see.
 */
import 'dotenv/config';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { budgetEnv, planRunBudget } from '../src/checks/budget-preflight';
import { FINDINGS_REPORTER, PLAYWRIGHT_CONFIG, packageFile, playwrightCommand } from '../src/cli/package';
import { passedDoctor, profileFingerprint } from '../src/doctor/fingerprint';
import { ConfigError } from '../src/errors';
import { BUDGET_ENV } from '../src/probes/budget';
import { resolveTarget } from '../src/run/target';
import type { RunVerdict } from '../src/report/verdict';
import { readSettings } from '../src/settings/settings';

/** Playwright's `test` options a scan accepts, and whether each takes a value. */
const PASSED_OPTIONS: Record<string, boolean> = {
  '--shard': true,
  '--grep': true,
  '-g': true,
  '--grep-invert': true,
  '--workers': true,
  '-j': true,
  '--reporter': true,
  '--project': true,
  '--max-failures': true,
  '-x': false,
  '--timeout': true,
  '--global-timeout': true,
  '--headed': false,
  '--list': false,
  '--quiet': false,
  '--forbid-only': false,
  '--fully-parallel': false,
};

export class ScanArgsError extends Error {}

/**
 * Splits `cloison scan` arguments: a leading `*.json` is the profile, the rest goes to Playwright.
 * Throws ScanArgsError naming the first option it refuses.
 */
export function parseScanArgs(argv: readonly string[]): { profile?: string; playwright: string[]; budget?: true } {
  const args = [...argv];
  const profile = args[0] !== undefined && !args[0].startsWith('-') && args[0].endsWith('.json') ? args.shift() : undefined;
  const budget = args.includes('--budget');
  if (budget) args.splice(0, args.length, ...args.filter((arg) => arg !== '--budget'));
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (!arg.startsWith('-')) continue;
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    const takesValue = PASSED_OPTIONS[name];
    if (takesValue === undefined) throw new ScanArgsError(`unknown or refused option ${name} (accepted: ${Object.keys(PASSED_OPTIONS).join(' ')})`);
    if (takesValue && !arg.includes('=')) {
      if (index + 1 >= args.length) throw new ScanArgsError(`option ${name} needs a value`);
      index++;
    }
  }
  return { profile, playwright: args, ...(budget ? { budget } : {}) };
}

/** The user's arguments, with the findings reporter kept in any `--reporter` they pass. */
export function withFindingsReporter(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const inline = /^--reporter=(.*)$/.exec(arg);
    if (inline) out.push(`--reporter=${keep(inline[1] ?? '')}`);
    else if (arg === '--reporter' && index + 1 < args.length) out.push(arg, keep(args[++index] as string));
    else out.push(arg);
  }
  return out;
}

function keep(list: string): string {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  return names.some((name) => name.includes('findings-reporter')) ? names.join(',') : [...names, FINDINGS_REPORTER].join(',');
}

/**
 * A profile that changed (or is new here) goes through `cloison doctor` first: a profile that
 * does not match its portal fails as one table naming the fields (exit 2), not as a scan of
 * failed tests. A profile whose fingerprint passed already costs one hash (src/doctor/fingerprint.ts).
 * Input the config refuses (environment, profile, population) and a target that does not answer
 * are left to the scan, which says so in one line and in its run record, as always.
 */
async function doctorFirst(profile: string | undefined): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(profile ? { CLOISON_PROFILE: path.resolve(profile) } : {}) };
  try {
    if (passedDoctor(profileFingerprint(readSettings(env)))) return 0;
    // Loaded only here: reading the population costs more than hashing the profile.
    const { rosterOf } = await import('../src/provisioning/roster');
    const target = resolveTarget({ ...env });
    rosterOf(target.settings);
    if (!target.launch && !(await answers(target.baseURL))) return 0;
  } catch (error) {
    if (error instanceof ConfigError || (error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  console.error('cloison: the profile changed since it last passed the doctor (or never did here): cloison doctor runs first');
  const doctor = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), packageFile('scripts/doctor.ts'), ...(profile ? [path.resolve(profile)] : [])], { env, stdio: 'inherit' });
  if (doctor.status === 0) return 0;
  console.error('cloison: exit 2: the doctor did not pass the profile (its table above names the fields to fix); nothing was scanned');
  return 2;
}

async function answers(baseURL: string): Promise<boolean> {
  return fetch(baseURL, { redirect: 'manual', signal: AbortSignal.timeout(5_000) }).then(
    async (answer) => (await answer.arrayBuffer(), true),
    () => false,
  );
}

async function main(argv: string[]): Promise<number> {
  let args: string[];
  let profile: string | undefined;
  let budget: boolean;
  try {
    ({ profile, playwright: args, budget = false } = parseScanArgs(argv));
  } catch (error) {
    if (!(error instanceof ScanArgsError)) throw error;
    console.error(`cloison scan: ${error.message}`);
    return 2;
  }
  const env: NodeJS.ProcessEnv = { ...budgetEnv(process.env, budget), ...(profile ? { CLOISON_PROFILE: path.resolve(profile) } : {}) };
  // A budget is planned before anything starts: one too small to cover every route × class ×
  // action once is refused here, in one line, rather than in every object test.
  if (env[BUDGET_ENV]?.trim()) {
    try {
      await planRunBudget(resolveTarget(env));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(`cloison: ${error.message}`);
      return 2;
    }
  }
  if (!args.includes('--list') && (await doctorFirst(profile)) !== 0) return 2;
  const reportDir = process.env.CLOISON_REPORT_DIR || 'reports';
  // Where the reporter writes when the CLI drops the config's options; the config says the same.
  const findingsFile = path.resolve(process.env.CLOISON_FINDINGS_FILE || path.join(reportDir, 'findings.json'));
  rmSync(findingsFile, { force: true });
  const playwright = playwrightCommand(['test', '--config', PLAYWRIGHT_CONFIG, ...withFindingsReporter(args)]);
  const run = spawnSync(playwright.command, playwright.args, {
    env: { ...env, CLOISON_FINDINGS_FILE: findingsFile },
    stdio: 'inherit',
  });
  // The config refused its input (a ConfigError, already printed in one line): exit 2 as it did.
  if (run.status === 2) return 2;
  if (!existsSync(findingsFile)) {
    console.error(`cloison: the scan wrote no run record (${path.relative(process.cwd(), findingsFile)}; playwright exited ${run.status ?? run.signal}): nothing was checked`);
    return 2;
  }
  const verdict = (JSON.parse(readFileSync(findingsFile, 'utf8')) as { run: { verdict?: RunVerdict } }).run.verdict;
  if (!verdict) {
    console.error('cloison: the run record has no verdict: nothing can be said about this run');
    return 2;
  }
  if (verdict.exitCode !== 0) console.error(`cloison: exit ${verdict.exitCode}: ${verdict.reason}`);
  for (const entry of verdict.notApplicable) console.log(`cloison: not applicable: ${entry.test}: ${entry.reason}`);
  return verdict.exitCode;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) process.exitCode = await main(process.argv.slice(2));
