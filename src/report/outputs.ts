/** The files derived from findings.json, written beside it: SARIF, the history line and the
 * evidence report (which draws the history). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redactor, redactSecretShapes } from '../findings/redact';
import { parseBaseline, type Acceptance } from '../findings/baseline';
import { historyFile, readSettings, type Settings } from '../settings/settings';
import { renderEvidenceHtml } from './evidence-html';
import type { FindingsReport } from './findings-file';
import { appendHistory, historyLine, readHistory, type HistoryLine } from './history';
import { toSarif } from './sarif';

export const DERIVED_FILES = ['findings.sarif', 'evidence.html', 'evidence.fr.html', 'evidence.en.html'] as const;

/** Where a run's history and accepted root causes are: the run's settings, unless a caller says. */
type HistorySettings = Pick<Settings, 'historyFile' | 'baseline'>;

export function writeDerivedOutputs(
  report: FindingsReport,
  dir: string,
  roots: readonly string[] = [process.cwd(), path.dirname(dir)],
  settings: HistorySettings = readSettings(),
): void {
  // The report is redacted once more: these files leave the building like findings.json.
  const clean = new Redactor().value(report);
  writeFileSync(path.join(dir, 'findings.sarif'), `${redactSecretShapes(JSON.stringify(toSarif(clean), null, 2))}\n`);
  const extras = { history: recordHistory(clean, dir, settings), unprobed: unprobedRoutes(dir) };
  const fr = renderEvidenceHtml(clean, 'fr', roots, extras);
  writeFileSync(path.join(dir, 'evidence.html'), fr);
  writeFileSync(path.join(dir, 'evidence.fr.html'), fr);
  writeFileSync(path.join(dir, 'evidence.en.html'), renderEvidenceHtml(clean, 'en', roots, extras));
}

/** Appends this run to the history and returns it, this run last. One shard is not a run: its
 * merge is. A history that cannot be read is reported and left alone, never overwritten. */
function recordHistory(report: FindingsReport, dir: string, settings: HistorySettings): HistoryLine[] {
  if (report.run.shard) return [];
  const file = historyFile(dir, settings.historyFile);
  try {
    const previous = readHistory(file);
    const line = historyLine(report, previous, baseline(settings.baseline));
    appendHistory(file, line);
    return [...previous, line];
  } catch (error) {
    process.stderr.write(`cloison: history not updated: ${(error as Error).message}\n`);
    return [];
  }
}

/** The accepted root causes, from the baseline compare uses (CLOISON_BASELINE), when set. */
function baseline(file: string | undefined): Acceptance[] {
  if (!file) return [];
  return parseBaseline(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

/** Routes discovery saw but no probe reached (src/discovery/coverage.ts writes coverage.json). */
function unprobedRoutes(dir: string): string[] | undefined {
  const file = path.join(dir, 'coverage.json');
  if (!existsSync(file)) return undefined;
  try {
    const coverage = JSON.parse(readFileSync(file, 'utf8')) as { unprobed?: unknown };
    return Array.isArray(coverage.unprobed) ? coverage.unprobed.filter((r): r is string => typeof r === 'string') : undefined;
  } catch {
    return undefined;
  }
}
