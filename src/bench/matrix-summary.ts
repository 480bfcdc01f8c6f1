import { existsSync, readFileSync, statSync } from 'node:fs';

/** What the bench reports of the last flaw matrix run (reports/matrix/matrix.json), if there was one. */
export interface MatrixSummary {
  file: string;
  measuredAt: string;
  wallSeconds: number;
  parallel: number;
  rows: number;
  /** Sum of the rows' own durations: what the matrix would take one run at a time. */
  rowSeconds: number;
  verdicts: Record<string, number>;
}

export function readMatrixSummary(file: string): MatrixSummary | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const matrix = JSON.parse(readFileSync(file, 'utf8')) as { wallSeconds?: number; parallel?: number; rows?: { verdict?: string; seconds?: number }[] };
    if (typeof matrix.wallSeconds !== 'number' || !Array.isArray(matrix.rows)) return undefined;
    const verdicts: Record<string, number> = {};
    for (const row of matrix.rows) verdicts[row.verdict ?? '?'] = (verdicts[row.verdict ?? '?'] ?? 0) + 1;
    return {
      file,
      measuredAt: statSync(file).mtime.toISOString(),
      wallSeconds: matrix.wallSeconds,
      parallel: matrix.parallel ?? 1,
      rows: matrix.rows.length,
      rowSeconds: matrix.rows.reduce((sum, row) => sum + (row.seconds ?? 0), 0),
      verdicts,
    };
  } catch {
    return undefined;
  }
}
