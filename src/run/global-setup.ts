import { probeLimits } from '../settings/settings';
import { limited, publishLimiter, startLimiterServer } from '../session/limiter';
import { readGone } from './breaker';
import { endRunSessions } from './end-sessions';
import { resolveTarget } from './target';

const HEARTBEAT_MS = 2_000;

/**
 * Runs in Playwright's main process, around every worker of the run. Before: starts the run's one
 * rate limiter (see limiter.ts) when the target has a ceiling; workers find its address in the
 * run's folder. During: a heartbeat to the target and a watch for the circuit breaker's verdict,
 * which stops the run (see breaker.ts). After, however the run ended (passed, failed, interrupted): logs out and removes
 * every session the run left, then stops the limiter (the logouts are throttled too).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const target = resolveTarget();
  const limits = probeLimits(target.settings, target.baseURL);
  const server = limits.requestsPerSecond > 0 || limits.concurrency > 0 ? await startLimiterServer(limits) : undefined;
  const runId = target.settings.runId;
  publishLimiter(runId, server?.address);
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
      const ended = await endRunSessions(target.profile, target.baseURL, target.settings.runId);
      if (ended.abandoned > 0) console.error(`cloison: ${ended.abandoned} session(s) of run ${target.settings.runId} left open on the target, which no longer answers (files removed)`);
      if (ended.failures.length > 0) {
        console.error(`cloison: ${ended.failures.length} session(s) of run ${target.settings.runId} could not be logged out on the target (files removed):\n  ${ended.failures.join('\n  ')}`);
      }
    } finally {
      await server?.close();
    }
  };
}
