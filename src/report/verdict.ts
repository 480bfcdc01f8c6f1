/**
 * The gate's verdict on a run, the one place that decides the exit code:
 *   0  no finding, and every declared test ran and probed (or said why it could not: not applicable);
 *   1  findings;
 *   2  cloison could not check what the profile declares: a login, a positive control, the setup,
 *      an unreachable target, a test that did not run. `reason` is one line naming the route or field.
 * A test that probes nothing because the portal makes its check impossible (no neighbour ids to
 * walk, no cookie to judge) says so with a `not-applicable` annotation and its reason: listed, never
 * a failure. Anything else that did not run is never a pass.
 */


export type TestStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';

/** One declared test as the run ended for it (its last attempt). */
export interface TestOutcome {
  title: string;
  /** Undefined when the test never started (the run was interrupted, or stopped before it). */
  status?: TestStatus;
  /** How many findings its attachments carried. */
  findings: number;
  /** Why it probed nothing, when it said so. */
  notApplicable?: string;
  /** The first line of its first error. */
  error?: string;
}

export interface RunVerdict {
  exitCode: 0 | 1 | 2;
  outcome: 'clean' | 'findings' | 'incomplete';
  /** One line: what the exit code means for this run. */
  reason: string;
  /** Tests declared, tests that ran to the end (passed or found something), tests not applicable. */
  declared: number;
  checked: number;
  notApplicable: { test: string; reason: string }[];
  /** Tests that neither passed nor reported findings: what was not checked, and why. */
  incomplete: { test: string; reason: string }[];
}

export interface RunInput {
  tests: readonly TestOutcome[];
  findings: number;
  /** Errors outside any test (web server, global timeout, config). */
  globalErrors?: readonly string[];
  /** Playwright's own status of the run. */
  status?: string;
}

export function judgeRun(input: RunInput): RunVerdict {
  const notApplicable: RunVerdict['notApplicable'] = [];
  const incomplete: RunVerdict['incomplete'] = [];
  let checked = 0;
  for (const test of input.tests) {
    if (test.status === 'passed' && test.notApplicable !== undefined) notApplicable.push({ test: test.title, reason: test.notApplicable });
    else if (test.status === 'passed' || test.findings > 0) checked++;
    else incomplete.push({ test: test.title, reason: whyNotChecked(test) });
  }
  const base = { declared: input.tests.length, checked, notApplicable, incomplete };
  if (input.findings > 0) {
    const also = incomplete.length > 0 ? `; ${incomplete.length} test(s) could not check: ${firstReason(incomplete, input.globalErrors)}` : '';
    return { ...base, exitCode: 1, outcome: 'findings', reason: `${input.findings} finding(s)${also}` };
  }
  const globalError = input.globalErrors?.[0];
  if (globalError !== undefined || incomplete.length > 0) {
    return { ...base, exitCode: 2, outcome: 'incomplete', reason: `could not check what the profile declares (${incomplete.length} of ${input.tests.length} test(s)): ${firstReason(incomplete, input.globalErrors)}` };
  }
  if (input.tests.length === 0) return { ...base, exitCode: 2, outcome: 'incomplete', reason: 'the run declared no test: nothing was checked' };
  if (checked === 0) return { ...base, exitCode: 2, outcome: 'incomplete', reason: `no test probed anything (${notApplicable.length} not applicable): nothing was checked` };
  if (input.status !== undefined && input.status !== 'passed') return { ...base, exitCode: 2, outcome: 'incomplete', reason: `the run ended ${input.status}` };
  const na = notApplicable.length > 0 ? `, ${notApplicable.length} not applicable` : '';
  return { ...base, exitCode: 0, outcome: 'clean', reason: `no finding; ${checked} of ${input.tests.length} test(s) checked${na}` };
}

function whyNotChecked(test: TestOutcome): string {
  if (test.status === undefined) return 'did not run (the run stopped before it)';
  if (test.status === 'skipped') return 'did not run (skipped: a test it depends on, such as the setup, failed)';
  if (test.status === 'timedOut') return `timed out${test.error ? `: ${test.error}` : ''}`;
  if (test.status === 'interrupted') return 'interrupted';
  return test.error ?? 'failed without a finding';
}

/** The reason that best explains the run: an error before a "did not run" (the setup's, when it failed). */
function firstReason(incomplete: RunVerdict['incomplete'], globalErrors: readonly string[] | undefined): string {
  const failed = incomplete.find((entry) => !entry.reason.startsWith('did not run'));
  const chosen = globalErrors?.[0] ?? (failed ? `${failed.test}: ${failed.reason}` : incomplete[0] ? `${incomplete[0].test}: ${incomplete[0].reason}` : 'unknown');
  return chosen;
}

/** First line of an error message, without terminal colours or the `Error:` prefix Playwright adds. */
export function oneLine(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').map((candidate) => candidate.trim()).find((candidate) => candidate.length > 0);
  return line?.replace(/^(Error|TargetError|ConfigError): /, '');
}

/** The verdict of one scan run as several shards: their lists joined, judged again (a shard without a verdict ran nothing we know of). */
export function mergeVerdicts(parts: readonly (RunVerdict | undefined)[], findings: number): RunVerdict {
  const tests: TestOutcome[] = [];
  const globalErrors: string[] = [];
  for (const [index, part] of parts.entries()) {
    if (!part) {
      globalErrors.push(`shard ${index + 1} has no verdict (written by an older cloison, or it did not finish)`);
      continue;
    }
    for (let n = 0; n < part.checked; n++) tests.push({ title: `shard ${index + 1} test ${n + 1}`, status: 'passed', findings: 0 });
    for (const entry of part.notApplicable) tests.push({ title: entry.test, status: 'passed', findings: 0, notApplicable: entry.reason });
    for (const entry of part.incomplete) tests.push({ title: entry.test, status: 'failed', findings: 0, error: entry.reason });
  }
  return judgeRun({ tests, findings, globalErrors });
}
