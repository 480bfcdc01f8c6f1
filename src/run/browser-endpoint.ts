import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './state';

/**
 * The address of the run's one Chromium, started by global setup. Playwright ends a worker after
 * every failed test; a worker that connects instead of launching its own Chromium starts in a
 * fraction of the time, and a flaw that fails fifty tests restarts fifty workers.
 * The address lets anyone who reads it drive the browser: it lives in the run's private folder
 * (mode 0700), like the run's sessions, and never in a report.
 */
function endpointFile(runId: string): string {
  return join(runDir(runId), 'browser');
}

export function publishBrowserEndpoint(runId: string, wsEndpoint: string): void {
  mkdirSync(runDir(runId), { recursive: true, mode: 0o700 });
  writeFileSync(endpointFile(runId), wsEndpoint, { mode: 0o600 });
}

/** undefined when this run started no shared browser (a self-test, a tool outside the suite). */
export function readBrowserEndpoint(runId: string): string | undefined {
  const file = endpointFile(runId);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}
