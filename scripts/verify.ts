/**
 * Verifies a fix: re-runs only the tests behind previous findings and says, for each, FIXED (with
 * the positive controls that show the route still works for its owner), STILL PRESENT (with the
 * new evidence) or INCONCLUSIVE.
 *
 *   npm run verify -- <previous findings.json> [root cause or finding id ...]
 *
 * The target, population and flaws come from the environment as for a scan (CLOISON_*). Output
 * in $CLOISON_REPORT_DIR/verify (default reports/verify): findings.json, results.json, verify.json.
 * Exit 0 when every finding is fixed, 1 otherwise, 2 on bad input.
 */
import { spawnSync } from 'node:child_process';
import { FINDINGS_REPORTER, PLAYWRIGHT_CONFIG, playwrightCommand } from '../src/cli/package';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { filesOf, formatOutcomes, grepFor, judgeFix, rootCauseOutcomes, targetsOf, type RerunFinding, type RerunTest, type VerifyTarget } from '../src/gate/verify';

interface JsonStep {
  title: string;
  steps?: JsonStep[];
}
interface JsonSpec {
  title: string;
  tests: { projectName: string; results: { status: RerunTest['status']; steps?: JsonStep[] }[] }[];
}
interface JsonSuite {
  title: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}

function collectTests(suites: readonly JsonSuite[], parents: string[] = []): RerunTest[] {
  const out: RerunTest[] = [];
  for (const suite of suites) {
    const here = [...parents, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const result = test.results[test.results.length - 1];
        if (!result) continue;
        const steps = flatten(result.steps ?? []);
        out.push({
          title: [test.projectName, ...here, spec.title].filter(Boolean).join(' › '),
          status: result.status,
          positiveControls: steps.filter((s) => /positive control/i.test(s)),
        });
      }
    }
    out.push(...collectTests(suite.suites ?? [], here));
  }
  return out;
}

function flatten(steps: readonly JsonStep[]): string[] {
  return steps.flatMap((s) => [s.title, ...flatten(s.steps ?? [])]);
}

function main(argv: string[]): number {
  const [previousFile, ...ids] = argv;
  if (!previousFile || !existsSync(previousFile)) {
    console.error('usage: npm run verify -- <previous findings.json> [root cause or finding id ...]');
    return 2;
  }
  let targets: VerifyTarget[];
  let previousFindings: Parameters<typeof targetsOf>[0];
  try {
    let previous: { tool?: unknown; findings?: unknown };
    try {
      previous = JSON.parse(readFileSync(previousFile, 'utf8')) as typeof previous;
    } catch (error) {
      throw new Error(`${previousFile} cannot be read as JSON: ${(error as Error).message.split('\n')[0] ?? ''}`, { cause: error });
    }
    if (previous?.tool !== 'cloison' || !Array.isArray(previous.findings)) throw new Error(`${previousFile} is not a cloison findings file (no "tool": "cloison" with a "findings" list)`);
    previousFindings = previous.findings as Parameters<typeof targetsOf>[0];
    targets = targetsOf(previousFindings, ids);
  } catch (error) {
    console.error(`cloison verify: ${(error as Error).message}`);
    return 2;
  }
  if (targets.length === 0) {
    console.log('cloison verify: the previous report has no finding: nothing to verify.');
    return 0;
  }
  const outDir = path.resolve(process.env.CLOISON_REPORT_DIR || 'reports', 'verify');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const resultsFile = path.join(outDir, 'results.json');
  const findingsFile = path.join(outDir, 'findings.json');
  const files = filesOf(targets).map((f) => f.replace(/^tests\//, ''));
  console.log(`cloison verify: re-running ${targets.reduce((n, t) => n + t.tests.length, 0)} test(s) behind ${targets.length} finding(s) from ${files.join(', ')}`);
  const playwright = playwrightCommand(['test', '--config', PLAYWRIGHT_CONFIG, ...files, '--grep', grepFor(targets), '--reporter', `json,${FINDINGS_REPORTER}`]);
  const run = spawnSync(playwright.command, playwright.args, {
    // A re-run of a few tests is not a run of the release: its history line stays in the verify folder.
    env: { ...process.env, CLOISON_REPORT_DIR: outDir, CLOISON_FINDINGS_FILE: findingsFile, CLOISON_HISTORY_FILE: path.join(outDir, 'history.jsonl'), PLAYWRIGHT_JSON_OUTPUT_NAME: resultsFile, CLOISON_RUN_ID: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (!existsSync(resultsFile) || !existsSync(findingsFile)) {
    console.error(`cloison verify: the re-run produced no report (exit ${run.status}): nothing can be said about the fix.`);
    return 1;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { suites: JsonSuite[] };
  const rerun = JSON.parse(readFileSync(findingsFile, 'utf8')) as { findings: RerunFinding[]; run: Record<string, unknown> };
  const tests = collectTests(results.suites);
  const outcomes = targets.map((t) => judgeFix(t, tests, rerun.findings));
  const rootCauses = rootCauseOutcomes(previousFindings, outcomes);
  writeFileSync(path.join(outDir, 'verify.json'), `${JSON.stringify({ previous: previousFile, run: rerun.run, rootCauses: rootCauses.map(({ findings, ...c }) => ({ ...c, findings: findings.map((o) => o.id) })), outcomes }, null, 2)}\n`);
  console.log(formatOutcomes(outcomes, rootCauses));
  return outcomes.every((o) => o.status === 'fixed') ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
