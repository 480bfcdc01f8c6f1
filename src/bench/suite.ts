import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { BenchPortal } from './portal';
import { PeakMemory, type TreeMemory } from './proc';
import type { RequestCounts } from './request-counter';

export interface SuiteRun {
  population: string;
  exitCode: number | null;
  wallSeconds: number;
  portalStartSeconds: number;
  peak: TreeMemory;
  /** Requests the portal received, by sender (see request-counter.ts). */
  requests?: RequestCounts;
  /** Probe counts from findings.json, when the reporter records them. */
  reportedCounts?: unknown;
  findings?: number;
  tests?: number;
  status?: string;
  stderrTail: string;
}

/**
 * One whole-suite run (`npx playwright test`, setup included) against a portal the benchmark
 * started: wall time of the child, peak memory of the child's tree plus the portal's.
 */
export async function runSuite(options: {
  portal: BenchPortal;
  population: string;
  reportDir: string;
  port: number;
  workers?: string;
  extraArgs?: string[];
  extraEnv?: Record<string, string>;
}): Promise<Omit<SuiteRun, 'requests'>> {
  const { portal, population, reportDir } = options;
  rmSync(`${reportDir}/findings.json`, { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLOISON_BASE_URL: portal.baseURL,
    CLOISON_PORT: String(options.port),
    CLOISON_POPULATION: population,
    CLOISON_REPORT_DIR: reportDir,
    CLOISON_QUIET: '1',
    [portal.tokenEnv]: portal.token,
    ...options.extraEnv,
  };
  delete env.CLOISON_RUN_ID;
  if (options.workers) env.CLOISON_WORKERS = options.workers;
  else delete env.CLOISON_WORKERS;

  const started = performance.now();
  const child = spawn('npx', ['playwright', 'test', ...(options.extraArgs ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const memory = new PeakMemory(() => [child.pid as number, portal.pid]);
  memory.start();
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wallSeconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  return { population, exitCode, wallSeconds, portalStartSeconds: portal.startMs / 1000, peak, ...readFindings(`${reportDir}/findings.json`), stderrTail: output.slice(-2000) };
}

interface FindingsFile {
  run?: Record<string, unknown> & { status?: string; counts?: { probes?: unknown } };
  summary?: { findings?: number; tests?: number };
  findings?: unknown[];
}

/** What findings.json says: status, findings, tests, and the probe counts the reporter records (run.counts). */
export function readFindings(file: string): Pick<SuiteRun, 'reportedCounts' | 'findings' | 'status' | 'tests'> {
  if (!existsSync(file)) return {};
  const report = JSON.parse(readFileSync(file, 'utf8')) as FindingsFile;
  return {
    status: report.run?.status,
    findings: report.summary?.findings ?? report.findings?.length,
    tests: report.summary?.tests,
    reportedCounts: report.run?.counts,
  };
}

/** The probe total of a run.counts record (`counts.probes.total`), when there is one. */
export function reportedProbeTotal(counts: unknown): number | undefined {
  const probes = (counts as { probes?: { total?: unknown } } | undefined)?.probes;
  return typeof probes?.total === 'number' ? probes.total : undefined;
}
