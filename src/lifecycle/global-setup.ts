import { launchBrowserServer } from '../browser/chromium';
import { publishBrowserEndpoint } from '../run/browser-endpoint';
import { probeLimits } from '../settings/settings';
import { limited, publishLimiter, startLimiterServer } from '../transport/limiter';
import { readGone } from '../transport/breaker';
import { endRunSessions } from '../sign-in/end-sessions';
import { resolveTarget } from '../run/target';
import { describeLeft, tearDownSeeded } from './teardown';
import { signInForTeardown } from './teardown-sign-in';

const HEARTBEAT_MS = 2_000;

/**
 * Runs in Playwright's main process, around every worker of the run. Before: starts the run's one
 * rate limiter (see transport/limiter.ts) when the target has a ceiling, and the run's one
 * Chromium; workers find both addresses in the run's folder. During: a heartbeat to the target and
 * a watch for the circuit breaker's verdict, which stops the run (see transport/breaker.ts). After,
 * however the run ended (passed, failed, interrupted): removes from the target what the run seeded
 * (profile `teardown`), logs out and removes every session the run left, then stops the limiter
 * (the deletes and logouts are throttled too) and the browser.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const target = resolveTarget();
  const limits = probeLimits(target.settings, target.baseURL);
  const server = limits.requestsPerSecond > 0 || limits.concurrency > 0 ? await startLimiterServer(limits) : undefined;
  const runId = target.settings.runId;
  publishLimiter(runId, server?.address);
  // One Chromium for the whole run: a worker restarted after a failed test connects to it instead
  // of starting its own (run/browser-endpoint.ts).
  const browser = await launchBrowserServer(target.allowedHosts);
  publishBrowserEndpoint(runId, browser.wsEndpoint);
  // The circuit breaker's word from any worker stops the whole run, as Ctrl-C would.
  const watch = setInterval(() => {
    if (!readGone(runId)) return;
    clearInterval(watch);
    clearInterval(heartbeat);
    process.kill(process.pid, 'SIGINT');
  }, 500);
  // A heartbeat, under the ceilings like any request: a worker waiting on a browser timeout
  // would notice a dead target late; the breaker judges the heartbeat's failure at once.
  let beating = false;
  const heartbeat = setInterval(() => {
    if (beating) return;
    beating = true;
    void limited(() => fetch(target.baseURL, { redirect: 'manual', signal: AbortSignal.timeout(2_000) }).then((answer) => answer.body?.cancel()))
      .catch(() => undefined)
      .finally(() => (beating = false));
  }, HEARTBEAT_MS);
  watch.unref();
  heartbeat.unref();
  return async () => {
    clearInterval(watch);
    clearInterval(heartbeat);
    try {
      // Before the sessions end: a delete sent as the owner uses the owner's saved session.
      await tearDownRun(target);
      const ended = await endRunSessions(target.profile, target.baseURL, target.settings.runId);
      if (ended.abandoned > 0) console.error(`cloison: ${ended.abandoned} session(s) of run ${target.settings.runId} left open on the target, which no longer answers (files removed)`);
      if (ended.failures.length > 0) {
        console.error(`cloison: ${ended.failures.length} session(s) of run ${target.settings.runId} could not be logged out on the target (files removed):\n  ${ended.failures.join('\n  ')}`);
      }
    } finally {
      await Promise.all([server?.close(), browser.close()]);
    }
  };
}

async function tearDownRun(target: ReturnType<typeof resolveTarget>): Promise<void> {
  const runId = target.settings.runId;
  const result = await tearDownSeeded({
    profile: target.profile,
    baseURL: target.baseURL,
    runId,
    env: process.env,
    signIn: (key) => signInForTeardown(target, key),
    skipIfGone: true,
  }).catch((error: unknown) => ({ removed: 0, left: [], error }));
  if ('error' in result) console.error(`cloison: teardown of run ${runId} failed: ${String(result.error instanceof Error ? result.error.message : result.error).split('\n')[0]}`);
  if (result.removed > 0) console.log(`cloison: ${result.removed} object(s) seeded by run ${runId} removed from the target`);
  if (result.left.length > 0) {
    console.error(`cloison: ${result.left.length} object(s) seeded by run ${runId} are still on the target (list and retry: cloison cleanup):\n  ${describeLeft(result.left).join('\n  ')}`);
  }
}
