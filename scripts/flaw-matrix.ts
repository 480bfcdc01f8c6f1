/**
 * The flaw matrix: the whole security suite once against each secure target and once per catalog
 * flaw, a few at a time. Two targets: the reference portal (portal/, rows `secure`, `<flaw>`) and
 * guichet, the deliberately different second target (targets/guichet/, rows `guichet:secure`,
 * `guichet:<flaw>`), each through its own profile and flaw catalog. Exits non-zero when a secure
 * target is not clean or a flaw of a covered family is missed. Families without checks yet are
 * listed as "not yet covered".
 *
 *   npm run matrix                                   every flaw of both targets
 *   npm run matrix -- download-idor guichet:blob-idor only these (plus their targets' secure runs)
 *   MATRIX_TARGETS=guichet npm run matrix            one target only (portal, guichet)
 *   MATRIX_PARALLEL=3 npm run matrix
 *   MATRIX_ALL=1 npm run matrix                      also run flaws whose family has no checks yet
 *   MATRIX_POPULATION=seeds/default.json npm run matrix   (default: seeds/matrix.json)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLAWS } from '../portal/src/flaws/catalog';
import { mapLimit } from '../src/util/concurrency';
import { GUICHET_FLAWS } from '../targets/guichet/src/flaws';
import { PARSE_FLAWS } from '../targets/parse/src/flaws';

interface FindingsFile {
  summary: { findings: number; leaks: number; suspicious: number; violations: number };
  findings: { check: string; verdict: string }[];
}

/** What the matrix needs of a catalog entry, whichever target it belongs to. */
interface MatrixFlaw {
  id: string;
  caughtBy: string;
}

/** A target the matrix runs: its profile, its flaw catalog, and the prefix of its rows. */
interface MatrixTarget {
  name: string;
  /** Row prefix: '' for the reference portal (rows stay `secure`, `<flaw>`), `guichet:` otherwise. */
  prefix: string;
  profile: string;
  flaws: readonly MatrixFlaw[];
}

const TARGETS: readonly MatrixTarget[] = [
  { name: 'portal', prefix: '', profile: 'profiles/reference-portal.json', flaws: FLAWS },
  { name: 'guichet', prefix: 'guichet:', profile: 'targets/guichet/profile.json', flaws: GUICHET_FLAWS },
  { name: 'parse', prefix: 'parse:', profile: 'targets/parse/profile.json', flaws: PARSE_FLAWS },
];

interface Job {
  name: string;
  target: MatrixTarget;
  flaw?: MatrixFlaw;
}

interface Row {
  flaw: string;
  target: string;
  family: string;
  covered: boolean;
  caught: boolean;
  checks: string[];
  findings: number;
  suspicious: number;
  exitCode: number;
  seconds: number;
  verdict: 'clean' | 'CAUGHT' | 'MISSED' | 'NOT CLEAN' | 'not yet covered' | 'ERROR';
  log: string;
}

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
    const child = spawn('npx', ['playwright', 'test'], {
      env: {
        ...process.env,
        CLOISON_PROFILE: job.target.profile,
        // Every profile's launch hands this list to its own flaw variable (launch.flawsEnv).
        PORTAL_FLAWS: job.flaw?.id ?? '',
        CLOISON_PORT: String(port),
        CLOISON_REPORT_DIR: reportDir,
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

function readFindings(file: string): FindingsFile | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as FindingsFile;
  } catch {
    return undefined;
  }
}

function judge(job: Job, run: Awaited<ReturnType<typeof runSuite>>): Row {
  const { name, flaw } = job;
  const findings = readFindings(run.file);
  const checks = [...new Set(findings?.findings.map((finding) => finding.check) ?? [])].sort();
  const count = findings?.summary.findings ?? 0;
  const suspicious = findings?.summary.suspicious ?? 0;
  const base = { flaw: name, target: job.target.name, family: flaw?.caughtBy ?? '-', checks, findings: count, suspicious, exitCode: run.exitCode, seconds: run.seconds, log: run.log };
  if (!findings) return { ...base, covered: true, caught: false, verdict: 'ERROR' };
  if (!flaw) return { ...base, covered: true, caught: false, verdict: count === 0 && run.exitCode === 0 ? 'clean' : 'NOT CLEAN' };
  const byFamily = checks.some((check) => check.split('/')[0] === flaw.caughtBy);
  const caught = count > 0 && run.exitCode !== 0;
  if (!covered(flaw)) return { ...base, covered: false, caught, verdict: 'not yet covered' };
  return { ...base, covered: true, caught, verdict: caught && byFamily ? 'CAUGHT' : 'MISSED' };
}

function table(rows: Row[]): string {
  const lines = [
    '| flaw | caught by (family) | verdict | checks that fired | findings | suspicious | time |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.flaw} | ${row.family} | ${row.verdict} | ${row.checks.join(', ') || '-'} | ${row.log ? row.findings : '-'} | ${row.log ? row.suspicious : '-'} | ${row.log ? `${row.seconds.toFixed(1)} s` : 'not run'} |`,
    ),
  ];
  return lines.join('\n');
}

/** `guichet:blob-idor` → guichet's flaw; a bare id → the reference portal's. */
function targetOf(wanted: string): { target: MatrixTarget | undefined; id: string } {
  const prefixed = TARGETS.find((target) => target.prefix && wanted.startsWith(target.prefix));
  const target = prefixed ?? TARGETS.find((candidate) => !candidate.prefix);
  return { target, id: prefixed ? wanted.slice(prefixed.prefix.length) : wanted };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const onlyTargets = (process.env.MATRIX_TARGETS ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknownTargets = onlyTargets.filter((name) => !TARGETS.some((target) => target.name === name));
  const unknown = wanted.filter((arg) => {
    const { target, id } = targetOf(arg);
    return !target?.flaws.some((flaw) => flaw.id === id);
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
  for (const target of TARGETS) {
    if (onlyTargets.length > 0 && !onlyTargets.includes(target.name)) continue;
    const flaws = target.flaws.filter((flaw) => wanted.length === 0 || wanted.includes(`${target.prefix}${flaw.id}`));
    if (wanted.length > 0 && flaws.length === 0) continue;
    jobs.push({ name: `${target.prefix}secure`, target });
    for (const flaw of flaws) {
      const name = `${target.prefix}${flaw.id}`;
      if (runAll || covered(flaw)) jobs.push({ name, target, flaw });
      else listed.push({ flaw: name, target: target.name, family: flaw.caughtBy, covered: false, caught: false, checks: [], findings: 0, suspicious: 0, exitCode: 0, seconds: 0, verdict: 'not yet covered', log: '' });
    }
  }
  const started = Date.now();
  console.log(`flaw matrix: ${jobs.length} runs, ${PARALLEL} at a time`);
  const rows = await mapLimit(jobs, PARALLEL, async (job, index) => {
    const run = await runSuite(job, BASE_PORT + index);
    const row = judge(job, run);
    console.log(`  ${row.flaw.padEnd(34)} ${row.verdict.padEnd(16)} ${String(row.findings).padStart(4)} findings  ${row.seconds.toFixed(1)} s`);
    return row;
  });
  rows.push(...listed);
  const wall = (Date.now() - started) / 1000;
  const markdown = `${table(rows)}\n\nWall time: ${wall.toFixed(0)} s, ${PARALLEL} runs at a time.\n`;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'matrix.md'), markdown);
  writeFileSync(join(OUT, 'matrix.json'), JSON.stringify({ wallSeconds: wall, rows }, null, 2));
  console.log(`\n${markdown}`);
  const failures = rows.filter((row) => ['MISSED', 'NOT CLEAN', 'ERROR'].includes(row.verdict));
  for (const row of failures) console.error(`flaw matrix: ${row.flaw} ${row.verdict} — see ${row.log}`);
  process.exit(failures.length > 0 ? 1 : 0);
}

await main();
