/**
 * Merges the reports of a sharded scan (`npx playwright test --shard i/n` with CLOISON_BLOB=1 on
 * several machines) into one: findings.json (+ SARIF, evidence report) from the shards' findings
 * files, and the Playwright HTML report + JUnit from their blob reports.
 *
 *   npm run merge-reports -- [--out reports/merged] <shard report dir> <shard report dir> ...
 *
 * Each shard dir is a shard's CLOISON_REPORT_DIR: findings.json, and blob/ when CLOISON_BLOB was set.
 */
import { spawnSync } from 'node:child_process';
import { playwrightCommand } from '../src/cli/package';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serializeRedacted, summaryParagraph, type FindingsReport } from '../src/report/findings-file';
import { mergeFindingsReports } from '../src/report/merge';
import { writeDerivedOutputs } from '../src/report/outputs';

function main(argv: string[]): number {
  const args = [...argv];
  let out = 'reports/merged';
  const at = args.indexOf('--out');
  if (at >= 0) {
    const value = args[at + 1];
    if (!value || value.startsWith('--')) {
      console.error('cloison merge-reports: --out needs a folder (--out reports/merged)');
      return 2;
    }
    out = value;
    args.splice(at, 2);
  }
  if (args.length === 0) {
    console.error('usage: npm run merge-reports -- [--out reports/merged] <shard report dir> ...');
    return 2;
  }
  const missing = args.filter((dir) => !existsSync(path.join(dir, 'findings.json')));
  if (missing.length) {
    // Fail closed: a shard without findings is a shard whose results are unknown.
    console.error(`cloison merge-reports: no findings.json in ${missing.join(', ')}`);
    return 2;
  }
  const reports: FindingsReport[] = [];
  for (const dir of args) {
    const file = path.join(dir, 'findings.json');
    const report = readFindings(file);
    if (typeof report === 'string') {
      console.error(`cloison merge-reports: ${file} ${report}`);
      return 2;
    }
    reports.push(report);
  }
  const merged = mergeFindingsReports(reports);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'findings.json'), serializeRedacted(merged));
  writeDerivedOutputs(merged, out, [process.cwd(), ...args]);

  if (!mergeBlobReports(args, out)) return 2;
  console.log(summaryParagraph(merged, path.join(out, 'findings.json')));
  // The merged run gates like a single run: 1 on findings, 2 when a shard could not check everything.
  return merged.run.verdict?.exitCode ?? 2;
}

/** The shards' blob reports merged into one HTML report and JUnit file; false when Playwright's merge failed. */
function mergeBlobReports(shards: string[], out: string): boolean {
  const blobs = path.join(out, 'blob-all');
  rmSync(blobs, { recursive: true, force: true });
  mkdirSync(blobs, { recursive: true });
  let copied = 0;
  for (const dir of shards) {
    const blobDir = path.join(dir, 'blob');
    if (!existsSync(blobDir)) continue;
    for (const name of readdirSync(blobDir).filter((n) => n.endsWith('.zip'))) {
      copyFileSync(path.join(blobDir, name), path.join(blobs, `${copied++}-${name}`));
    }
  }
  if (copied === 0) {
    console.warn('cloison merge-reports: no blob report in the shard dirs (set CLOISON_BLOB=1 on the shards): findings merged, no HTML/JUnit.');
    return true;
  }
  const playwright = playwrightCommand(['merge-reports', '--reporter', 'html,junit', blobs]);
  const result = spawnSync(playwright.command, playwright.args, {
    env: { ...process.env, PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(out, 'html'), PLAYWRIGHT_HTML_OPEN: 'never', PLAYWRIGHT_JUNIT_OUTPUT_NAME: path.join(out, 'junit.xml') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    console.error(`cloison merge-reports: playwright merge-reports failed (exit ${result.status})`);
    return false;
  }
  return true;
}

/** A shard's findings report, or what is wrong with it (one line). */
function readFindings(file: string): FindingsReport | string {
  let report: unknown;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `cannot be read as JSON: ${(error as Error).message.split('\n')[0] ?? ''}`;
  }
  const shape = report as Partial<FindingsReport> & { tool?: unknown } | null;
  if (shape?.tool !== 'cloison' || !Array.isArray(shape.findings) || typeof shape.run !== 'object' || shape.run === null || typeof shape.summary !== 'object') {
    return 'is not a cloison findings file (needs "tool": "cloison", "run", "summary" and a "findings" list)';
  }
  return shape as FindingsReport;
}

process.exitCode = main(process.argv.slice(2));
