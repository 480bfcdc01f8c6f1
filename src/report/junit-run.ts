/**
 * Makes Playwright's JUnit file tell the truth about the run as a whole, and says once when the
 * circuit breaker stopped the run. Its own reporter counts
 * tests only: an interrupted or timed-out run, or an error outside any test (global setup, a
 * crashed worker), shows "0 failures" for the tests that did not run. Listed after the `junit`
 * reporter, this one adds a failing test case "cloison run completed" to the file it wrote.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { goneMessage, readGone } from '../transport/breaker';
import { readSettings } from '../settings/settings';

export default class JunitRunReporter implements Reporter {
  private readonly errors: string[] = [];
  private total = 0;
  private ended = 0;

  constructor(private readonly options: { outputFile: string }) {}

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') this.ended++;
  }

  onError(error: TestError): void {
    this.errors.push(firstLine(error.message ?? error.value ?? 'error outside any test'));
  }

  onEnd(result: FullResult): void {
    // The circuit breaker stopped the run: the one message saying so (see transport/breaker.ts).
    const gone = readGone(readSettings().runId);
    if (gone) console.error(goneMessage(gone, Math.max(0, this.total - this.ended)));
    const problem = gone ? `target gone at ${gone.at}: the run stopped` : runProblem(result.status, this.errors);
    if (!problem || !existsSync(this.options.outputFile)) return;
    writeFileSync(this.options.outputFile, withRunFailure(readFileSync(this.options.outputFile, 'utf8'), problem));
  }
}

/** What kept the run from completing, or undefined when it ran to its end. */
export function runProblem(status: FullResult['status'], errors: readonly string[]): string | undefined {
  if (status === 'interrupted') return 'the run was interrupted: tests that did not run checked nothing';
  if (status === 'timedout') return 'the run timed out: tests that did not run checked nothing';
  if (errors.length > 0) return `error outside any test: ${errors.join('; ')}`;
  return undefined;
}

/** Adds one failing test suite to a JUnit document and counts it in the root's totals. */
export function withRunFailure(xml: string, problem: string): string {
  const suite = `<testsuite name="cloison run" tests="1" failures="1" skipped="0" errors="0">\n<testcase name="cloison run completed" classname="cloison">\n<failure message="${escape(problem)}" type="RunIncomplete">${escape(problem)}</failure>\n</testcase>\n</testsuite>\n`;
  const root = /<testsuites\b([^>]*)>/.exec(xml);
  if (!root) return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="1" failures="1">\n${suite}</testsuites>\n`;
  const bump = (attributes: string, name: string): string => attributes.replace(new RegExp(`\\b${name}="(\\d+)"`), (_, count: string) => `${name}="${Number(count) + 1}"`);
  const attributes = bump(bump(root[1] ?? '', 'tests'), 'failures');
  return xml.replace(root[0], `<testsuites${attributes}>`).replace(/<\/testsuites>\s*$/, `${suite}</testsuites>\n`);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
