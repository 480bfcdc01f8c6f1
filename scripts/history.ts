/**
 * Summarises the history of runs: one row per run (release, date, root causes open / new /
 * fixed / accepted, routes covered, probes) and the trend of open root causes.
 *
 *   npm run history [-- <history.jsonl>]
 *
 * Default file: CLOISON_HISTORY_FILE, else history.jsonl in CLOISON_REPORT_DIR (default reports/),
 * the file every scan appends to. Exit 0, or 2 when the file cannot be read.
 */
import { HistoryError, formatHistory, readHistory } from '../src/report/history';
import { historyFile } from '../src/settings/settings';

function main(argv: string[]): number {
  if (argv.length > 1 || argv[0]?.startsWith('-')) {
    console.error('usage: npm run history [-- <history.jsonl>]');
    return 2;
  }
  const file = argv[0] ?? historyFile(process.env.CLOISON_REPORT_DIR || 'reports');
  try {
    console.log(formatHistory(readHistory(file), file));
    return 0;
  } catch (error) {
    if (error instanceof HistoryError) {
      console.error(`cloison history: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
