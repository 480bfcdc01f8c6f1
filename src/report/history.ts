/**
 * The history of a target's runs, release after release: one JSON line per run (release, date,
 * root causes open / new / fixed / accepted, coverage), appended where the user points it
 * (CLOISON_HISTORY_FILE; default history.jsonl beside findings.json). Small on purpose: a QA lead
 * keeps it as a CI cache or commits it; the evidence report draws it and `npm run history`
 * summarises it.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RootCause } from '../findings/root-cause';
import { isExpired, type Acceptance } from '../findings/baseline';

export interface HistoryLine {
  release: string;
  /** When the run finished (ISO). */
  date: string;
  runId?: string;
  status: string;
  rootCauses: { open: number; new: number; fixed: number; accepted: number };
  /** Ids of the root causes open in this run: what the next run compares with. */
  open: string[];
  coverage: { routesCovered: number; probes: number; tests: number };
}

/** What a line is made of (a findings report has more). */
export interface HistorySource {
  run: Record<string, unknown> & { finishedAt: string; status: string };
  summary: { tests: number };
  rootCauses: readonly Pick<RootCause, 'id' | 'findings'>[];
}

export function historyLine(report: HistorySource, previous: readonly HistoryLine[], baseline: readonly Acceptance[] = [], today = new Date()): HistoryLine {
  const counts = (report.run.counts ?? {}) as { routesCovered?: number; probes?: { total?: number } };
  const open = report.rootCauses.map((c) => c.id);
  const before = new Set(previous.at(-1)?.open ?? []);
  const valid = new Set(baseline.filter((a) => !isExpired(a, today)).map((a) => a.id));
  // As in compare: a root cause is accepted by its own id or by every finding id beneath it.
  const accepted = report.rootCauses.filter((c) => valid.has(c.id) || (c.findings.length > 0 && c.findings.every((id) => valid.has(id)))).length;
  return {
    release: typeof report.run.release === 'string' ? report.run.release : 'unlabelled',
    date: report.run.finishedAt,
    ...(typeof report.run.runId === 'string' ? { runId: report.run.runId } : {}),
    status: report.run.status,
    rootCauses: { open: open.length, new: open.filter((id) => !before.has(id)).length, fixed: [...before].filter((id) => !open.includes(id)).length, accepted },
    open,
    coverage: { routesCovered: counts.routesCovered ?? 0, probes: counts.probes?.total ?? 0, tests: report.summary.tests },
  };
}

export class HistoryError extends Error {}

/** Every line of a history file; a missing file is an empty history, a broken line an error
 * naming it (a trend drawn from a half-read file would lie). */
export function readHistory(file: string): HistoryLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, index) => [line.trim(), index + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, number]) => {
      try {
        const value = JSON.parse(line) as HistoryLine;
        if (typeof value.release !== 'string' || typeof value.date !== 'string' || typeof value.rootCauses?.open !== 'number') throw new Error('not a history line');
        return value;
      } catch (error) {
        throw new HistoryError(`${file}:${number}: ${(error as Error).message}`);
      }
    });
}

export function appendHistory(file: string, line: HistoryLine): void {
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

/** The release in which a root cause was first seen open, walking back while it stayed open. */
export function openSince(history: readonly HistoryLine[], rootCauseId: string): string | undefined {
  let since: string | undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    if (!history[i]?.open.includes(rootCauseId)) break;
    since = history[i]?.release;
  }
  return since;
}

export function formatHistory(history: readonly HistoryLine[], file: string): string {
  if (history.length === 0) return `cloison history: ${file} has no run yet.`;
  const header = ['release', 'date', 'open', 'new', 'fixed', 'accepted', 'routes', 'probes', 'status'];
  const rows = history.map((h) => [h.release, h.date.slice(0, 16).replace('T', ' '), h.rootCauses.open, h.rootCauses.new, h.rootCauses.fixed, h.rootCauses.accepted, h.coverage.routesCovered, h.coverage.probes, h.status].map(String));
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 && i <= 7 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const last = history.at(-1) as HistoryLine;
  const first = history[0] as HistoryLine;
  const trend = last.rootCauses.open === first.rootCauses.open ? 'unchanged' : last.rootCauses.open < first.rootCauses.open ? 'down' : 'up';
  return [
    `cloison history: ${history.length} run(s) in ${file}`,
    line(header),
    ...rows.map(line),
    `open root causes ${trend}: ${first.rootCauses.open} (${first.release}) → ${last.rootCauses.open} (${last.release}).`,
  ].join('\n');
}
