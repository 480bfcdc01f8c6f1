/**
 * `npm run scan`: the security suite, with the gate's exit code.
 *
 *   npm run scan -- [any playwright test argument: files, --grep, --reporter=line, --shard i/n …]
 *
 * Exit 0: no finding and every declared check ran (or is listed not applicable with its reason);
 * 1: findings; 2: cloison could not check what the profile declares (one line says what). The
 * codes come from the run record (findings.json → run.verdict), not from Playwright's own exit
 * code, which says 1 for both a leak and a login that failed.
 *
 * A `--reporter` given here replaces the config's reporters (Playwright's rule): the findings
 * reporter is added back to it, so findings.json is written whatever the user asks to see.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RunVerdict } from '../src/report/verdict';

const FINDINGS_REPORTER = path.resolve('src/report/findings-reporter.ts');

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

function main(args: string[]): number {
  const reportDir = process.env.CLOISON_REPORT_DIR || 'reports';
  // Where the reporter writes when the CLI drops the config's options; the config says the same.
  const findingsFile = path.resolve(process.env.CLOISON_FINDINGS_FILE || path.join(reportDir, 'findings.json'));
  rmSync(findingsFile, { force: true });
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const run = spawnSync(process.execPath, [cli, 'test', ...withFindingsReporter(args)], {
    env: { ...process.env, CLOISON_FINDINGS_FILE: findingsFile },
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

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) process.exitCode = main(process.argv.slice(2));
