/**
 * Compares two findings files by root cause (route template × kind of access), the findings that
 * prove each one beneath: new / widened / fixed / still present.
 *
 *   npm run compare -- <previous findings.json> <current findings.json> [--baseline accepted.json]
 *
 * Exit 0: no new root cause. 1: a root cause new or widened (not accepted), or an acceptance
 * expired. 2: bad input.
 */
import { readFileSync } from 'node:fs';
import { BaselineError, parseBaseline } from '../src/findings/baseline';
import { compareReports, formatComparison, type ComparedReport } from '../src/gate/compare';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new BaselineError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function readReport(file: string): ComparedReport {
  const report = readJson(file) as Partial<ComparedReport> & { tool?: string };
  if (report.tool !== 'cloison' || !Array.isArray(report.findings)) throw new BaselineError(`${file} is not a cloison findings file`);
  const broken = report.findings.findIndex((f: Partial<ComparedReport['findings'][number]> | null) => typeof f?.id !== 'string' || typeof f.check !== 'string' || typeof f.routeTemplate !== 'string');
  if (broken >= 0) throw new BaselineError(`${file}: findings[${broken}] needs an id, a check and a routeTemplate`);
  return report as ComparedReport;
}

function main(argv: string[]): number {
  const args = [...argv];
  let baselineFile: string | undefined;
  const at = args.indexOf('--baseline');
  if (at >= 0) {
    baselineFile = args[at + 1];
    if (!baselineFile || baselineFile.startsWith('--')) {
      console.error('cloison compare: --baseline needs a file (--baseline accepted.json)');
      return 2;
    }
    args.splice(at, 2);
  }
  baselineFile ??= process.env.CLOISON_BASELINE || undefined;
  const [previousFile, currentFile] = args;
  if (!previousFile || !currentFile || args.length !== 2) {
    console.error('usage: npm run compare -- <previous findings.json> <current findings.json> [--baseline accepted.json]');
    return 2;
  }
  try {
    const baseline = baselineFile ? parseBaseline(readJson(baselineFile), baselineFile) : [];
    const previous = readReport(previousFile);
    const current = readReport(currentFile);
    const label = (r: ComparedReport, f: string): string => `${f}${typeof r.run?.release === 'string' ? ` (${r.run.release})` : ''}`;
    const result = compareReports(previous, current, baseline);
    console.log(formatComparison(result, { previous: label(previous, previousFile), current: label(current, currentFile) }));
    return result.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof BaselineError) {
      console.error(`cloison compare: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
