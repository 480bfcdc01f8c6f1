/**
 * The run's manners towards its target: a ceiling on requests per second and on requests in
 * flight, honoured by every probe an Identity sends (API request or browser navigation), and the
 * tally of those probes by check family for the run record.
 *
 * The ceilings are run-wide (settings CLOISON_MAX_RPS / CLOISON_MAX_CONCURRENCY, conservative by
 * default for any non-loopback target): each Playwright worker is a process of its own, so each
 * takes its share (ceiling / workers) and the sum never exceeds what was asked.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeLimits, readSettings } from '../settings/settings';
import type { ProbeContext } from './exchange';

export interface ThrottleLimits {
  /** 0: unlimited. */
  requestsPerSecond: number;
  /** 0: unlimited. */
  concurrency: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Spaces starts by 1/rps and holds at most `concurrency` sends in flight, first come first served. */
export class Throttle {
  private nextStart = 0;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limits: ThrottleLimits,
    private readonly clock: Clock = realClock,
  ) {}

  async run<T>(send: () => Promise<T>): Promise<T> {
    await this.slot();
    try {
      await this.pace();
      return await send();
    } finally {
      this.release();
    }
  }

  private async slot(): Promise<void> {
    if (this.limits.concurrency <= 0) return;
    if (this.inFlight < this.limits.concurrency) {
      this.inFlight++;
      return;
    }
    // The releaser hands its slot over directly, so inFlight never dips and a newcomer cannot jump the queue.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    if (this.limits.concurrency <= 0) return;
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  private async pace(): Promise<void> {
    if (this.limits.requestsPerSecond <= 0) return;
    const interval = 1000 / this.limits.requestsPerSecond;
    const now = this.clock.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + interval;
    if (start > now) await this.clock.sleep(start - now);
  }
}

/** This process's share of run-wide ceilings. */
export function perWorker(limits: ThrottleLimits, workers: number): ThrottleLimits {
  const share = (value: number): number => (value <= 0 ? 0 : value / Math.max(1, workers));
  return {
    requestsPerSecond: share(limits.requestsPerSecond),
    concurrency: limits.concurrency <= 0 ? 0 : Math.max(1, Math.floor(share(limits.concurrency))),
  };
}

export interface FamilyTally {
  requests: number;
  routes: string[];
}

/** What one worker process sent, by check family (`objects`, `sessions`…): summed by the reporter. */
export interface ProbeTallyFile {
  runId: string;
  byFamily: Record<string, FamilyTally>;
}

export class ProbeTally {
  private readonly families = new Map<string, { requests: number; routes: Set<string> }>();

  record(context: Pick<ProbeContext, 'check' | 'routeTemplate'>): void {
    const family = context.check.split('/')[0] || 'unknown';
    let entry = this.families.get(family);
    if (!entry) {
      entry = { requests: 0, routes: new Set() };
      this.families.set(family, entry);
    }
    entry.requests++;
    entry.routes.add(context.routeTemplate);
  }

  toFile(runId: string): ProbeTallyFile {
    const byFamily: Record<string, FamilyTally> = {};
    for (const [family, entry] of [...this.families].sort(([a], [b]) => a.localeCompare(b))) {
      byFamily[family] = { requests: entry.requests, routes: [...entry.routes].sort() };
    }
    return { runId, byFamily };
  }

  get empty(): boolean {
    return this.families.size === 0;
  }
}

/** Folder of the per-worker tally files, inside the report folder so it travels with it. */
export function probesDir(reportDir: string): string {
  return join(reportDir, 'probes');
}

interface WorkerState {
  throttle: Throttle;
  tally: ProbeTally;
  file: string;
  runId: string;
  flushTimer?: NodeJS.Timeout;
}

let worker: WorkerState | undefined;

function workerState(target: string): WorkerState {
  if (worker) return worker;
  const settings = readSettings(process.env);
  const limits = perWorker(probeLimits(settings, target), settings.workers ?? 2);
  const file = join(probesDir(settings.reportDir), `${settings.runId}-${process.pid}-${randomBytes(3).toString('hex')}.json`);
  const state: WorkerState = { throttle: new Throttle(limits), tally: new ProbeTally(), file, runId: settings.runId };
  // A worker ends with process.exit after its fixtures are torn down: the last word is written then.
  process.on('exit', () => flush(state));
  worker = state;
  return state;
}

function flush(state: WorkerState): void {
  if (state.tally.empty) return;
  try {
    mkdirSync(join(state.file, '..'), { recursive: true });
    writeFileSync(state.file, JSON.stringify(state.tally.toFile(state.runId)));
  } catch {
    // The tally is a count for the run record; failing to write it must not fail a probe.
  }
}

/**
 * Sends one probe under the run's ceilings and counts it. `target` is the base URL (loopback or
 * not decides the default ceilings).
 */
export function throttled<T>(target: string, context: ProbeContext, send: () => Promise<T>): Promise<T> {
  const state = workerState(target);
  state.tally.record(context);
  // Also written every second while probing, in case the worker is killed rather than stopped.
  state.flushTimer ??= setTimeout(() => {
    state.flushTimer = undefined;
    flush(state);
  }, 1000).unref();
  return state.throttle.run(send);
}
