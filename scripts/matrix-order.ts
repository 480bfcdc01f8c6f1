/**
 * The order the flaw matrix starts its scans in: the longest first, so no lane is left running
 * alone at the end. How long a scan takes depends on its flaws' blast radius (a flaw that opens
 * every object fails nearly every test, and each failed test costs a worker restart), which only a
 * run can tell: the seconds come from the last matrix run here (reports/matrix/matrix.json), else
 * from the committed record of a whole run (docs/matrix-seconds.json, the run the README's table
 * quotes, written by `MATRIX_RECORD_SECONDS=1 npm run matrix`). Only the order depends on them:
 * a stale record costs minutes, never a verdict. A scan no record knows goes first: it is new, and
 * may be the longest.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const LAST_RUN = 'reports/matrix/matrix.json';
export const COMMITTED_SECONDS = 'docs/matrix-seconds.json';

/** A scan as the order needs it: a secure run is named by its row, a flaw scan by its flaws' rows. */
interface Scan {
  name: string;
  flaws: readonly { id: string }[];
}

/** Each row's scan seconds (a grouped row holds its group's), by row name. */
export type RowSeconds = Record<string, number>;

export function readRowSeconds(files: readonly string[] = [LAST_RUN, COMMITTED_SECONDS]): RowSeconds {
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { rows?: { flaw: string; seconds: number }[] } | RowSeconds;
      const rows = Array.isArray(parsed.rows) ? parsed.rows : undefined;
      return rows ? Object.fromEntries(rows.filter((row) => row.seconds > 0).map((row) => [row.flaw, row.seconds])) : (parsed as RowSeconds);
    } catch {
      // An unreadable record only costs the ordering: the next file, or the plan's own order.
    }
  }
  return {};
}

/** A job's expected seconds: its longest row's last scan (a group of flaws ran as one scan), or undefined. */
export function expectedSeconds(job: Scan, seconds: RowSeconds, rowOf: (id: string) => string): number | undefined {
  const rows = job.flaws.length === 0 ? [job.name] : job.flaws.map((flaw) => rowOf(flaw.id));
  const known = rows.map((row) => seconds[row]).filter((value): value is number => typeof value === 'number');
  return known.length === rows.length ? Math.max(...known) : undefined;
}

/** Longest expected first; unknown scans before every known one, in the order given (stable). */
export function longestFirst<Job extends Scan>(jobs: readonly Job[], seconds: RowSeconds, rowOf: (job: Job, id: string) => string): Job[] {
  const expected = new Map(jobs.map((job) => [job, expectedSeconds(job, seconds, (id) => rowOf(job, id))]));
  const rank = (job: Job): number => expected.get(job) ?? Number.MAX_VALUE;
  return [...jobs].sort((a, b) => rank(b) - rank(a));
}

/** The committed record: each row's seconds, rounded, in the table's order. */
export function recordRowSeconds(rows: readonly { flaw: string; seconds: number }[], file = COMMITTED_SECONDS): void {
  const seconds = Object.fromEntries(rows.filter((row) => row.seconds > 0).map((row) => [row.flaw, Math.round(row.seconds)]));
  writeFileSync(file, `${JSON.stringify(seconds, null, 2)}\n`);
}
