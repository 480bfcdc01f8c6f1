import { probeLimits } from '../settings/settings';
import { LIMITER_ENV, startLimiterServer } from '../session/limiter';
import { endRunSessions } from './end-sessions';
import { resolveTarget } from './target';

/**
 * Runs in Playwright's main process, around every worker of the run. Before: starts the run's one
 * rate limiter (see limiter.ts) when the target has a ceiling; workers find it through their
 * environment. After, however the run ended (passed, failed, interrupted): logs out and removes
 * every session the run left, then stops the limiter (the logouts are throttled too).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const target = resolveTarget();
  const limits = probeLimits(target.settings, target.baseURL);
  const server = limits.requestsPerSecond > 0 || limits.concurrency > 0 ? await startLimiterServer(limits) : undefined;
  process.env[LIMITER_ENV] = server?.address ?? 'off';
  return async () => {
    try {
      const ended = await endRunSessions(target.profile, target.baseURL, target.settings.runId);
      if (ended.failures.length > 0) {
        console.error(`cloison: ${ended.failures.length} session(s) of run ${target.settings.runId} could not be logged out on the target (files removed):\n  ${ended.failures.join('\n  ')}`);
      }
    } finally {
      await server?.close();
    }
  };
}
