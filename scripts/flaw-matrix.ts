/**
 * The flaw matrix: the whole security suite once against each secure target and for every catalog
 * flaw, a few scans at a time. The targets are listed in scripts/matrix-targets.ts, one line each (the
 * reference portal's rows are `secure`, `<flaw>`; another target's `<name>:secure`,
 * `<name>:<flaw>`), each through its own profile and flaw catalog. Judged by src/gate/matrix.ts:
 * a flaw row is CAUGHT only when every check its catalog entry names fired and no other test
 * failed; a secure row is clean only with a clean verdict, 0 findings and at least the target's
 * expected tests and probes. Exits 1 when any row fails, 2 when a catalog names an unknown family
 * or check. Writes reports/matrix/matrix.json and matrix.md, and prints the table.
 *
 * Flaws whose catalog footprints are disjoint (src/gate/footprint.ts) are switched on together in
 * one scan, and each is judged on the findings only its footprint explains; a group whose run
 * shows anything it cannot attribute is run again flaw by flaw, and so is a flaw of a group that
 * was not caught. Every flaw keeps its own row; secure runs are never grouped.
 *
 *   npm run matrix                                   every flaw of both targets
 *   npm run matrix -- download-idor guichet:blob-idor only these (plus their targets' secure runs)
 *   MATRIX_TARGETS=guichet npm run matrix            one target only (names in scripts/matrix-targets.ts)
 *   MATRIX_GROUP_SIZE=4 npm run matrix               at most 4 flaws in one scan (default 8;
 *   MATRIX_ISOLATED=1 npm run matrix                 1 or MATRIX_ISOLATED=1: every flaw alone)
 *   MATRIX_PARALLEL=3 npm run matrix                 scans at a time (default: the cores, at most 4)
 *   MATRIX_ALL=1 npm run matrix                      also run flaws whose family has no checks yet
 *   MATRIX_POPULATION=seeds/default.json npm run matrix   (default: seeds/matrix.json)
 *   MATRIX_RECORD_SECONDS=1 npm run matrix           also write each row's seconds to docs/matrix-seconds.json,
 *                                                    which orders the scans of runs with no matrix.json of their own
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { FAILING, judgeGroup, judgeRow, outsideOwnFootprint, type MatrixFlaw, type RowJudgement, type RunRecord } from '../src/gate/matrix';
import { loadTargets, planJobs, rowName, type Job, type Row } from './matrix-plan';
import { COMMITTED_SECONDS, readRowSeconds, recordRowSeconds } from './matrix-order';

interface Scan {
  exitCode: number;
  seconds: number;
  file: string;
  log: string;
}

const OUT = join('reports', 'matrix');
const BASE_PORT = Number(process.env.MATRIX_BASE_PORT ?? 3200);
// As many scans as cores: one scan alone keeps nearly two cores busy (Chromium's processes are
// more than half of it). On two cores, 3 at a time took the same wall time as 2 (2,613 s against
// 2,571 s for the 61 rows) and stretched every scan under the load (docs/bench.md).
const PARALLEL = Number(process.env.MATRIX_PARALLEL ?? Math.min(4, availableParallelism()));
if (!Number.isInteger(PARALLEL) || PARALLEL < 1) {
  console.error(`flaw matrix: MATRIX_PARALLEL must be a whole number of at least 1 (got "${process.env.MATRIX_PARALLEL ?? ''}")`);
  process.exit(2);
}
// Flaws whose footprints are disjoint share a scan (at most 8): the footprints were measured on a
// whole run of the catalog with every flaw alone (the solo runs still warn when a finding escapes
// one). A group that proves nothing about one of its flaws re-runs it alone, so grouping only ever
// costs time, never a verdict.
const GROUP_SIZE = process.env.MATRIX_ISOLATED === '1' ? 1 : Number(process.env.MATRIX_GROUP_SIZE ?? 8);
if (!Number.isInteger(GROUP_SIZE) || GROUP_SIZE < 1) {
  console.error(`flaw matrix: MATRIX_GROUP_SIZE must be a whole number of at least 1 (got "${process.env.MATRIX_GROUP_SIZE ?? ''}")`);
  process.exit(2);
}

async function runSuite(job: Job, port: number): Promise<Scan> {
  const reportDir = join(OUT, job.name.replace(/[:+]/g, '-'));
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  const log = join(reportDir, 'run.log');
  const started = Date.now();
  const exitCode = await new Promise<number>((resolve) => {
    // The scan as a user runs it: its exit code is the gate's (0 clean, 1 findings, 2 not checked).
    // Straight through node and tsx, not npx: npx costs a second or more per scan on a busy machine.
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/scan.ts'], {
      env: {
        ...process.env,
        CLOISON_PROFILE: job.target.profile,
        // Every profile's launch hands this list to its own flaw variable (launch.flawsEnv).
        PORTAL_FLAWS: job.flaws.map((flaw) => flaw.id).join(','),
        CLOISON_PORT: String(port),
        CLOISON_REPORT_DIR: reportDir,
        CLOISON_FINDINGS_FILE: '',
        CLOISON_RUN_ID: '',
        CLOISON_WORKERS: process.env.MATRIX_WORKERS ?? '1',
        CLOISON_QUIET: '1',
        CLOISON_POPULATION: process.env.MATRIX_POPULATION ?? 'seeds/matrix.json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('close', (code) => {
      writeFileSync(log, Buffer.concat(chunks));
      resolve(code ?? 1);
    });
  });
  return { exitCode, seconds: (Date.now() - started) / 1000, file: join(reportDir, 'findings.json'), log };
}

function readRecord(file: string): RunRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

function rowOf(judged: RowJudgement, job: Job, flaw: MatrixFlaw | undefined, run: Scan): Row {
  const others = job.flaws.filter((other) => other !== flaw).map((other) => rowName(job.target, other.id));
  return {
    ...judged,
    flaw: flaw ? rowName(job.target, flaw.id) : job.name,
    target: job.target.name,
    family: flaw?.caughtBy ?? '-',
    expected: flaw?.checks ?? [],
    with: others,
    exitCode: run.exitCode,
    seconds: run.seconds,
    log: run.log,
  };
}

/** A secure run or one flaw alone: today's judgement, row for row. */
function judgeAlone(job: Job, run: Scan): Row {
  const flaw = job.flaws[0];
  const record = readRecord(run.file);
  const judged = judgeRow(record, run.exitCode, flaw, job.target.secure);
  // The scan's own exit code must agree with its record: a disagreement is the harness's error.
  const expectedExit = judged.verdict === 'clean' ? 0 : judged.verdict === 'CAUGHT' ? 1 : undefined;
  const row = rowOf(judged, job, flaw, run);
  const notes = [job.after, row.note].filter(Boolean);
  if (expectedExit !== undefined && run.exitCode !== expectedExit) return { ...row, verdict: 'ERROR', note: [...notes, `the scan exited ${run.exitCode}, its run record says ${expectedExit}`].join('; ') };
  // A flaw whose findings escape its footprint always fails its group and costs a second scan.
  const escaped = flaw && outsideOwnFootprint(record, flaw);
  if (escaped) footprintWarnings.push(`${row.flaw}: ${escaped}`);
  return { ...row, ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
}

const footprintWarnings: string[] = [];

/** A group's run: a row per flaw, and the jobs of the flaws that must run alone. */
function judgeTogether(job: Job, run: Scan): { rows: Row[]; again: Job[] } {
  const { rows, rerun } = judgeGroup(readRecord(run.file), run.exitCode, job.flaws);
  const again = job.flaws
    .filter((flaw) => rerun.includes(flaw.id))
    .map((flaw) => ({ name: rowName(job.target, flaw.id), target: job.target, flaws: [flaw], after: `first ${rows.get(flaw.id)?.verdict ?? 'ERROR'} in a group (${rows.get(flaw.id)?.note ?? ''}), judged alone` }));
  const kept = job.flaws.filter((flaw) => !rerun.includes(flaw.id)).map((flaw) => rowOf(rows.get(flaw.id) as RowJudgement, job, flaw, run));
  return { rows: kept, again };
}

/** Runs every job, `limit` at a time; a job may hand back more jobs, queued behind the others. */
async function drain(jobs: Job[], limit: number, work: (job: Job, port: number) => Promise<Job[]>): Promise<void> {
  const queue = [...jobs];
  let running = 0;
  let ports = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      if (queue.length === 0 && running === 0) return resolve();
      while (running < limit && queue.length > 0) {
        const job = queue.shift() as Job;
        running++;
        // A port per scan, never reused: a target still closing cannot hold the next one's port.
        work(job, BASE_PORT + ports++).then((more) => {
          queue.push(...more);
          running--;
          pump();
        }, reject);
      }
    };
    pump();
  });
}

function table(rows: Row[]): string {
  const lines = [
    '| flaw | caught by (family) | verdict | checks that must fire | checks that fired | findings | suspicious | unscanned | tests (n/a, not checked) | probes | time | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => {
      const ran = row.log !== '';
      return `| ${row.flaw} | ${row.family} | ${row.verdict} | ${row.expected.join(', ') || '-'} | ${row.fired.join(', ') || '-'} | ${ran ? row.findings : '-'} | ${ran ? row.suspicious : '-'} | ${ran ? row.unscanned : '-'} | ${ran ? `${row.tests} (${row.notApplicable}, ${row.notChecked.length})` : '-'} | ${ran ? `${row.probes}${row.budget ? ` (+${row.budget.skipped} skipped)` : ''}` : '-'} | ${ran ? `${row.seconds.toFixed(1)} s` : 'not run'} | ${(row.note ?? '').replace(/\|/g, '\\|')} |`;
    }),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const { targets, problems } = await loadTargets();
  if (problems.length > 0) {
    for (const problem of problems) console.error(`flaw-matrix: ${problem}`);
    process.exit(2);
  }
  const planned = planJobs(targets, wanted, GROUP_SIZE, readRowSeconds());
  if ('unknown' in planned) {
    console.error(`flaw-matrix: unknown ${planned.unknown.join(', ')}`);
    process.exit(2);
  }
  const { jobs, order, listed, grouped } = planned.plan;
  const started = Date.now();
  console.log(
    `flaw matrix: ${jobs.length} scans for ${order.length - listed.length} rows, ${PARALLEL} at a time` +
      (grouped.length > 0 ? `; ${grouped.reduce((sum, job) => sum + job.flaws.length, 0)} flaws in ${grouped.length} groups (MATRIX_GROUP_SIZE=1 runs each alone)` : ''),
  );
  const rows = new Map<string, Row>(listed.map((row) => [row.flaw, row]));
  const print = (row: Row): void => {
    rows.set(row.flaw, row);
    console.log(`  ${row.flaw.padEnd(34)} ${row.verdict.padEnd(20)} ${String(row.findings).padStart(4)} findings  ${row.seconds.toFixed(1)} s${row.note ? `  ${row.note}` : ''}`);
  };
  let scans = 0;
  await drain(jobs, PARALLEL, async (job, port) => {
    const run = await runSuite(job, port);
    scans++;
    if (job.flaws.length <= 1) {
      print(judgeAlone(job, run));
      return [];
    }
    const { rows: judged, again } = judgeTogether(job, run);
    judged.forEach(print);
    if (again.length > 0) console.log(`  ${job.name}: ${again.map((rerun) => rerun.name).join(', ')} to run alone (${run.seconds.toFixed(1)} s)`);
    return again;
  });
  const ordered = order.map((name) => rows.get(name)).filter((row): row is Row => row !== undefined);
  writeMatrix(ordered, (Date.now() - started) / 1000, scans);
  const failures = ordered.filter((row) => FAILING.has(row.verdict));
  for (const row of failures) console.error(`flaw matrix: ${row.flaw} ${row.verdict}${row.note ? ` (${row.note})` : ''} — see ${row.log}`);
  process.exit(failures.length > 0 ? 1 : 0);
}

/** reports/matrix/matrix.md and matrix.json, the table printed, and the footprints found too narrow. */
function writeMatrix(ordered: Row[], wall: number, scans: number): void {
  // CLOISON_MAX_PROBES passes to every scan with the rest of the environment: say so above the table.
  const budget = process.env.CLOISON_MAX_PROBES?.trim();
  const underBudget = budget ? `Under a probe budget: CLOISON_MAX_PROBES=${budget} in every scan (probes: sent, + planned but skipped by the budget, each listed in the row's findings.json).\n\n` : '';
  const markdown = `${underBudget}${table(ordered)}\n\nWall time: ${wall.toFixed(0)} s, ${scans} scans, ${PARALLEL} at a time, at most ${GROUP_SIZE} flaws a scan.\n`;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'matrix.md'), markdown);
  writeFileSync(join(OUT, 'matrix.json'), JSON.stringify({ wallSeconds: wall, parallel: PARALLEL, groupSize: GROUP_SIZE, scans, rows: ordered }, null, 2));
  console.log(`\n${markdown}`);
  if (process.env.MATRIX_RECORD_SECONDS === '1') {
    recordRowSeconds(ordered);
    console.log(`flaw matrix: each row's seconds written to ${COMMITTED_SECONDS} (the next runs start the longest scans first)`);
  }
  for (const warning of footprintWarnings) console.error(`flaw matrix: footprint too narrow (its groups will always run again alone): ${warning}`);
}

await main();
