/**
 * The flaw matrix: the whole security suite once against each secure target and once per catalog
 * flaw, a few at a time. The targets are listed in scripts/matrix-targets.ts, one line each (the
 * reference portal's rows are `secure`, `<flaw>`; another target's `<name>:secure`,
 * `<name>:<flaw>`), each through its own profile and flaw catalog. Judged by src/gate/matrix.ts:
 * a flaw row is CAUGHT only when every check its catalog entry names fired and no other test
 * failed; a secure row is clean only with a clean verdict, 0 findings and at least the target's
 * expected tests and probes. Exits 1 when any row fails, 2 when a catalog names an unknown family
 * or check. Writes reports/matrix/matrix.json and matrix.md, and prints the table.
 *
 *   npm run matrix                                   every flaw of both targets
 *   npm run matrix -- download-idor guichet:blob-idor only these (plus their targets' secure runs)
 *   MATRIX_TARGETS=guichet npm run matrix            one target only (names in scripts/matrix-targets.ts)
 *   MATRIX_PARALLEL=3 npm run matrix
 *   MATRIX_ALL=1 npm run matrix                      also run flaws whose family has no checks yet
 *   MATRIX_POPULATION=seeds/default.json npm run matrix   (default: seeds/matrix.json)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogProblems, FAILING, judgeRow, type MatrixFlaw, type RowJudgement, type RunRecord } from '../src/gate/matrix';
import { mapLimit } from '../src/util/concurrency';
import { MATRIX_TARGETS, type MatrixTarget } from './matrix-targets';

interface LoadedTarget extends MatrixTarget {
  catalog: readonly MatrixFlaw[];
}

interface Job {
  name: string;
  target: LoadedTarget;
  flaw?: MatrixFlaw;
}

type Row = RowJudgement & {
  flaw: string;
  target: string;
  family: string;
  expected: readonly string[];
  exitCode: number;
  seconds: number;
  log: string;
};

const OUT = join('reports', 'matrix');
const BASE_PORT = Number(process.env.MATRIX_BASE_PORT ?? 3200);
const PARALLEL = Number(process.env.MATRIX_PARALLEL ?? 2);

/** A family is covered once the suite has its folder of checks. */
function covered(flaw: MatrixFlaw): boolean {
  return existsSync(join('tests', flaw.caughtBy));
}

async function runSuite(job: Job, port: number): Promise<{ exitCode: number; seconds: number; file: string; log: string }> {
  const reportDir = join(OUT, job.name.replace(':', '-'));
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  const log = join(reportDir, 'run.log');
  const started = Date.now();
  const exitCode = await new Promise<number>((resolve) => {
    // The scan as a user runs it: its exit code is the gate's (0 clean, 1 findings, 2 not checked).
    const child = spawn('npx', ['tsx', 'scripts/scan.ts'], {
      env: {
        ...process.env,
        CLOISON_PROFILE: job.target.profile,
        // Every profile's launch hands this list to its own flaw variable (launch.flawsEnv).
        PORTAL_FLAWS: job.flaw?.id ?? '',
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

function judge(job: Job, run: Awaited<ReturnType<typeof runSuite>>): Row {
  const judged = judgeRow(readRecord(run.file), run.exitCode, job.flaw, job.target.secure);
  // The scan's own exit code must agree with its record: a disagreement is the harness's error.
  const expectedExit = judged.verdict === 'clean' ? 0 : judged.verdict === 'CAUGHT' ? 1 : undefined;
  const row: Row = { ...judged, flaw: job.name, target: job.target.name, family: job.flaw?.caughtBy ?? '-', expected: job.flaw?.checks ?? [], exitCode: run.exitCode, seconds: run.seconds, log: run.log };
  if (expectedExit !== undefined && run.exitCode !== expectedExit) return { ...row, verdict: 'ERROR', note: `the scan exited ${run.exitCode}, its run record says ${expectedExit}` };
  return row;
}

function notRun(name: string, target: LoadedTarget, flaw: MatrixFlaw): Row {
  return { flaw: name, target: target.name, family: flaw.caughtBy, expected: flaw.checks, verdict: 'not yet covered', fired: [], missing: [...flaw.checks], findings: 0, suspicious: 0, unscanned: 0, tests: 0, probes: 0, notApplicable: 0, notChecked: [], exitCode: 0, seconds: 0, log: '' };
}

function table(rows: Row[]): string {
  const lines = [
    '| flaw | caught by (family) | verdict | checks that must fire | checks that fired | findings | suspicious | unscanned | tests (n/a, not checked) | probes | time | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => {
      const ran = row.log !== '';
      return `| ${row.flaw} | ${row.family} | ${row.verdict} | ${row.expected.join(', ') || '-'} | ${row.fired.join(', ') || '-'} | ${ran ? row.findings : '-'} | ${ran ? row.suspicious : '-'} | ${ran ? row.unscanned : '-'} | ${ran ? `${row.tests} (${row.notApplicable}, ${row.notChecked.length})` : '-'} | ${ran ? row.probes : '-'} | ${ran ? `${row.seconds.toFixed(1)} s` : 'not run'} | ${(row.note ?? '').replace(/\|/g, '\\|')} |`;
    }),
  ];
  return lines.join('\n');
}

/** `guichet:blob-idor` → guichet's flaw; a bare id → the reference portal's. */
function targetOf(targets: readonly LoadedTarget[], wanted: string): { target: LoadedTarget | undefined; id: string } {
  const prefixed = targets.find((target) => target.prefix && wanted.startsWith(target.prefix));
  const target = prefixed ?? targets.find((candidate) => !candidate.prefix);
  return { target, id: prefixed ? wanted.slice(prefixed.prefix.length) : wanted };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const targets: LoadedTarget[] = await Promise.all(MATRIX_TARGETS.map(async (target) => ({ ...target, catalog: await target.flaws() })));
  // A catalog entry naming a check nothing reports could never be caught: refuse it before any run.
  const problems = catalogProblems(targets.flatMap((target) => target.catalog.map((flaw) => ({ ...flaw, target: target.name }))));
  if (problems.length > 0) {
    for (const problem of problems) console.error(`flaw-matrix: ${problem}`);
    process.exit(2);
  }
  const onlyTargets = (process.env.MATRIX_TARGETS ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknownTargets = onlyTargets.filter((name) => !targets.some((target) => target.name === name));
  const unknown = wanted.filter((arg) => {
    const { target, id } = targetOf(targets, arg);
    return !target?.catalog.some((flaw) => flaw.id === id);
  });
  if (unknown.length > 0 || unknownTargets.length > 0) {
    console.error(`flaw-matrix: unknown ${[...unknown.map((id) => `flaw ${id}`), ...unknownTargets.map((name) => `target ${name}`)].join(', ')}`);
    process.exit(2);
  }
  // A flaw whose family has no checks yet cannot be caught by design: it is listed, and run only
  // on demand (MATRIX_ALL=1), so CI time goes to verdicts.
  const runAll = process.env.MATRIX_ALL === '1' || wanted.length > 0;
  const jobs: Job[] = [];
  const listed: Row[] = [];
  for (const target of targets) {
    if (onlyTargets.length > 0 && !onlyTargets.includes(target.name)) continue;
    if (target.onDemand && !onlyTargets.includes(target.name) && !wanted.some((row) => row.startsWith(target.prefix))) {
      console.log(`flaw matrix: ${target.name} runs on demand only (MATRIX_TARGETS=${target.name}): ${target.onDemand}`);
      continue;
    }
    const flaws = target.catalog.filter((flaw) => wanted.length === 0 || wanted.includes(`${target.prefix}${flaw.id}`));
    if (wanted.length > 0 && flaws.length === 0) continue;
    jobs.push({ name: `${target.prefix}secure`, target });
    for (const flaw of flaws) {
      const name = `${target.prefix}${flaw.id}`;
      if (runAll || covered(flaw)) jobs.push({ name, target, flaw });
      else listed.push(notRun(name, target, flaw));
    }
  }
  const started = Date.now();
  console.log(`flaw matrix: ${jobs.length} runs, ${PARALLEL} at a time`);
  const rows = await mapLimit(jobs, PARALLEL, async (job, index) => {
    const run = await runSuite(job, BASE_PORT + index);
    const row = judge(job, run);
    console.log(`  ${row.flaw.padEnd(34)} ${row.verdict.padEnd(20)} ${String(row.findings).padStart(4)} findings  ${row.seconds.toFixed(1)} s${row.note ? `  ${row.note}` : ''}`);
    return row;
  });
  rows.push(...listed);
  const wall = (Date.now() - started) / 1000;
  const markdown = `${table(rows)}\n\nWall time: ${wall.toFixed(0)} s, ${PARALLEL} runs at a time.\n`;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'matrix.md'), markdown);
  writeFileSync(join(OUT, 'matrix.json'), JSON.stringify({ wallSeconds: wall, parallel: PARALLEL, rows }, null, 2));
  console.log(`\n${markdown}`);
  const failures = rows.filter((row) => FAILING.has(row.verdict));
  for (const row of failures) console.error(`flaw matrix: ${row.flaw} ${row.verdict}${row.note ? ` (${row.note})` : ''} — see ${row.log}`);
  process.exit(failures.length > 0 ? 1 : 0);
}

await main();
