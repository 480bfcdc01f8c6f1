/**
 * One rate limiter for everything a run sends, across Playwright's worker processes.
 *
 * The config's global setup starts a lease server on loopback (one Throttle holding the run-wide
 * ceilings) and leaves its address in the run's folder for the workers. A lease is a TCP
 * connection: the server writes one byte when the request may go, and the lease ends when the
 * connection closes. A worker that dies closes its sockets, so a crash never holds a slot.
 *
 * Without a lease server (a tool running alone) the ceilings are held in this process; with no
 * ceiling at all (loopback defaults) nothing waits.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertTargetAlive, judgeFailure } from './breaker';
import { runDir } from '../run/state';
import { probeLimits, readSettings } from '../settings/settings';
import { Throttle, type Limiter } from './ceilings';
import { LeaseClient } from './lease';

export { Throttle, type Clock, type Limiter, type ThrottleLimits } from './ceilings';
export { startLimiterServer, type LimiterServer } from './lease';

/** Where global setup leaves the run's lease server address (`off`: the run has no ceiling). */
function limiterFile(runId: string): string {
  return join(runDir(runId), 'limiter');
}

/** Written by global setup, before any worker starts, instead of an environment variable. */
export function publishLimiter(runId: string, address: string | undefined): void {
  mkdirSync(runDir(runId), { recursive: true, mode: 0o700 });
  writeFileSync(limiterFile(runId), address ?? 'off');
}

export const unlimited: Limiter = { acquire: () => Promise.resolve(() => undefined), charge: () => undefined };

let current: Limiter | undefined;

/** This process's limiter: the run's lease server when there is one. */
export function runLimiter(): Limiter {
  if (current) return current;
  const settings = readSettings();
  const file = limiterFile(settings.runId);
  const address = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  if (address === 'off') current = unlimited;
  else if (address) {
    const [host = '127.0.0.1', port = '0'] = address.split(':');
    current = new LeaseClient(host, Number(port));
  } else {
    // A tool running alone (benchmark): the ceilings are held in this process.
    const limits = probeLimits(settings, settings.baseURLOverride ?? 'http://127.0.0.1');
    current = limits.requestsPerSecond > 0 || limits.concurrency > 0 ? new Throttle(limits) : unlimited;
  }
  return current;
}

/**
 * Sends one request under the run's ceilings, unless the target is known gone; a connection
 * failure is judged by the run's circuit breaker (see breaker.ts).
 */
export function limited<T>(send: () => Promise<T>): Promise<T> {
  assertTargetAlive();
  const limiter = runLimiter();
  // No ceiling (loopback): no slot to wait for, one promise less on every probe.
  if (limiter === unlimited) return send().catch(failed);
  return leased(limiter, send);
}

async function failed(error: unknown): Promise<never> {
  await judgeFailure(error);
  throw error;
}

async function leased<T>(limiter: Limiter, send: () => Promise<T>): Promise<T> {
  const release = await limiter.acquire();
  let result: T;
  try {
    result = await send();
  } catch (error) {
    release();
    await judgeFailure(error);
    throw error;
  }
  release();
  return result;
}
