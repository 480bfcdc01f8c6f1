import { expect, test } from '@playwright/test';
import { runProblem, withRunFailure } from './junit-run';

const PLAYWRIGHT_JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites id="" name="" tests="3" failures="0" skipped="2" errors="0" time="4.2">
<testsuite name="setup/provision.setup.ts" tests="1" failures="0" skipped="0" errors="0">
<testcase name="seed" classname="setup/provision.setup.ts" time="1"></testcase>
</testsuite>
</testsuites>
`;

test('an interrupted, timed-out or crashed run is a JUnit failure; a completed one is left as Playwright wrote it', () => {
  expect(runProblem('passed', [])).toBeUndefined();
  expect(runProblem('failed', [])).toBeUndefined();
  expect(runProblem('interrupted', [])).toContain('interrupted');
  expect(runProblem('timedout', [])).toContain('timed out');
  expect(runProblem('failed', ['Error: worker process exited unexpectedly'])).toContain('worker process exited unexpectedly');
  const xml = withRunFailure(PLAYWRIGHT_JUNIT, 'the run was interrupted: <sigint> & more');
  expect(xml).toContain('<testsuites id="" name="" tests="4" failures="1" skipped="2" errors="0" time="4.2">');
  expect(xml).toContain('<failure message="the run was interrupted: &lt;sigint&gt; &amp; more" type="RunIncomplete">');
  expect(xml.trim().endsWith('</testsuites>')).toBe(true);
  expect(xml.match(/<testsuite /g)).toHaveLength(2);
});
