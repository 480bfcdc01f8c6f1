/**
 * The tally of the probes an Identity sends, by check family, for the run record; each probe is
 * sent under the run's ceilings (see transport/limiter.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSettings } from '../settings/settings';
import type { BudgetPlan, SkippedGroup } from '../probes/budget';
import type { ProbeContext } from './exchange';
import { limited } from '../transport/limiter';

export interface FamilyTally {
  requests: number;
  routes: string[];
}

/** What one worker process sent, by check family (`objects`, `sessions`…): summed by the reporter. */
export interface ProbeTallyFile {
  runId: string;
  byFamily: Record<string, FamilyTally>;
  /** The probe budget (CLOISON_MAX_PROBES) this worker planned with, and what it left out. */
  budget?: BudgetSummary;
}

/** A budget's figures for the whole plan, and the probes the tests of this worker did not send. */
export interface BudgetSummary {
  max: number;
  planned: number;
  coverage: number;
  kept: number;
  skipped: SkippedGroup[];
}

export class ProbeTally {
  private readonly families = new Map<string, { requests: number; routes: Set<string> }>();
  private budget: Omit<BudgetSummary, 'skipped'> | undefined;
  private readonly skipped = new Map<string, SkippedGroup>();

  /** A probe the budget left out: listed in the run record by route, class and vector. */
  skip(plan: Pick<BudgetPlan, 'max' | 'planned' | 'coverage' | 'kept'>, probe: Omit<SkippedGroup, 'probes'>): void {
    this.budget ??= { max: plan.max ?? 0, planned: plan.planned, coverage: plan.coverage, kept: plan.kept };
    const id = `${probe.family} ${probe.route} ${probe.action} ${probe.relationship} ${probe.vector}`;
    const group = this.skipped.get(id);
    if (group) group.probes++;
    else this.skipped.set(id, { ...probe, probes: 1 });
  }

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
    return { runId, byFamily, ...(this.budget ? { budget: { ...this.budget, skipped: [...this.skipped.values()] } } : {}) };
  }

  get empty(): boolean {
    return this.families.size === 0 && this.skipped.size === 0;
  }
}

/** Folder of the per-worker tally files, inside the report folder so it travels with it. */
export function probesDir(reportDir: string): string {
  return join(reportDir, 'probes');
}

interface WorkerState {
  tally: ProbeTally;
  file: string;
  runId: string;
  flushTimer?: NodeJS.Timeout;
}

let worker: WorkerState | undefined;

function workerState(): WorkerState {
  if (worker) return worker;
  const settings = readSettings();
  const file = join(probesDir(settings.reportDir), `${settings.runId}-${process.pid}-${randomBytes(3).toString('hex')}.json`);
  const state: WorkerState = { tally: new ProbeTally(), file, runId: settings.runId };
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

/** Counts one probe by check family; the request itself is held by the run's limiter where it is sent. */
export function countProbe(context: ProbeContext): void {
  const state = workerState();
  state.tally.record(context);
  scheduleFlush(state);
}

/** Records a probe the run's budget left out (src/probes/budget.ts). */
export function countSkipped(plan: Pick<BudgetPlan, 'max' | 'planned' | 'coverage' | 'kept'>, probe: Omit<SkippedGroup, 'probes'>): void {
  const state = workerState();
  state.tally.skip(plan, probe);
  scheduleFlush(state);
}

function scheduleFlush(state: WorkerState): void {
  // Also written every second while probing, in case the worker is killed rather than stopped.
  state.flushTimer ??= setTimeout(() => {
    state.flushTimer = undefined;
    flush(state);
  }, 1000).unref();
}

/** Sends one probe under the run's ceilings and counts it. */
export function throttled<T>(context: ProbeContext, send: () => Promise<T>): Promise<T> {
  countProbe(context);
  return limited(send);
}
