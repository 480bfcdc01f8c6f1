/**
 * The bench's measuring parts (scripts/bench.ts runs them): each starts the reference portal on a
 * port of its own and measures the probe path, the run plan, the default scan or the whole suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../src/profile/types';
import { startPortal, type BenchPortal } from '../src/bench/portal';
import { profileReport, type JsonReport, type SuiteProfile } from '../src/bench/profile';
import { seedRun } from '../src/bench/seed';
import { ratio } from '../src/bench/stats';
import { BUDGET_ENV, BUDGET_PRESET, durationAt, formatDuration } from '../src/probes/budget';
import { reportedProbeTotal, runSuite, type SuiteRun } from '../src/bench/suite';
import { harnessClient, playwrightClient, rawFetchClient, rawHttpClient } from '../src/bench/clients';
import { drive, probeTargets, type Client, type PhaseResult } from '../src/bench/throughput';
import { planRunBudget } from '../src/checks/budget-preflight';
import { resolveTarget } from '../src/run/target';
import { CONCURRENCY, DEFAULT_POPULATION, env, log, OUT, PORT, PROBE_POPULATION, ROUNDS, SECONDS, SIZES, sizeSpec, STAGING_RPS, WARMUP } from './bench-options';

/** The profile the portals serve, loaded by scripts/bench.ts once the environment holds no budget. */
let profile: Profile | undefined;

export function useProfile(loaded: Profile): void {
  profile = loaded;
}

let nextPort = PORT;
const portalPort = (): number => {
  const port = nextPort++;
  if (port > PORT + 99) throw new Error(`bench: out of ports (${PORT}-${PORT + 99})`);
  return port;
};
const countFile = (name: string): string => join(OUT, `requests-${name}.json`);

async function withPortal<T>(name: string, work: (portal: BenchPortal) => Promise<T>): Promise<{ result: T; requests: Awaited<ReturnType<BenchPortal['stop']>> }> {
  if (!profile) throw new Error('bench: no profile loaded (useProfile)');
  const portal = await startPortal(profile, portalPort(), countFile(name));
  try {
    const result = await work(portal);
    return { result, requests: await portal.stop() };
  } catch (error) {
    await portal.stop();
    throw error;
  }
}

export interface ThroughputResult {
  population: string;
  targets: number;
  rounds: PhaseResult[][];
  /** Per client, the round with its median throughput. */
  phases: PhaseResult[];
  /** Median over rounds of harness / best raw client of the same round. */
  ratio: number;
  baseline: string;
}

export async function throughput(): Promise<ThroughputResult> {
  log(`\n== API probe throughput: ${PROBE_POPULATION}, concurrency ${CONCURRENCY}, ${ROUNDS} rounds of ${WARMUP}s warm-up + ${SECONDS}s per client`);
  const { result } = await withPortal('throughput', async (portal) => {
    const run = await seedRun(portal, PROBE_POPULATION);
    const targets = probeTargets(run);
    log(`${targets.length} distinct probes (${run.identities().length} identities × objects × API object routes), sent round-robin`);
    const clients: Client[] = [rawHttpClient(run, CONCURRENCY), rawFetchClient(run), await playwrightClient(run), harnessClient(run, join(OUT, 'throughput', 'screenshots'))];
    const rounds: PhaseResult[][] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // Each round starts with another client, so a burst of load from elsewhere does not always hit the same one.
        const order = clients.map((_, index) => clients[(index + round) % clients.length] as Client);
        const phases: PhaseResult[] = [];
        for (const client of order) {
          const phase = await drive(client, targets, { concurrency: CONCURRENCY, warmupMs: WARMUP * 1000, measureMs: SECONDS * 1000, portalPid: portal.pid });
          phases.push(phase);
          log(`  round ${round + 1} ${phase.client.padEnd(20)} ${phase.perSecond.toFixed(0).padStart(6)} req/s  p50 ${phase.latencyMs.p50.toFixed(1)} ms  p95 ${phase.latencyMs.p95.toFixed(1)} ms  ${JSON.stringify(phase.statuses)}${phase.notes ? ` ${JSON.stringify(phase.notes)}` : ''}`);
        }
        rounds.push(clients.map((client) => phases.find((phase) => phase.client === client.name) as PhaseResult));
      }
    } finally {
      for (const client of clients) await client.close();
    }
    return { targets: targets.length, rounds };
  });
  const phases = result.rounds[0]?.map((_, index) => medianPhase(result.rounds.map((round) => round[index] as PhaseResult))) ?? [];
  const roundRatios = result.rounds.map((round) => {
    const raw = Math.max(...round.filter((phase) => phase.client.startsWith('raw')).map((phase) => phase.perSecond));
    return ratio(round.find((phase) => phase.client === 'cloison harness')?.perSecond ?? 0, raw);
  });
  const baseline = phases.filter((phase) => phase.client.startsWith('raw')).sort((a, b) => b.perSecond - a.perSecond)[0]?.client ?? '-';
  return { population: PROBE_POPULATION, targets: result.targets, rounds: result.rounds, phases, baseline, ratio: median(roundRatios) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

function medianPhase(phases: readonly PhaseResult[]): PhaseResult {
  const sorted = [...phases].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)] as PhaseResult;
}

export type SizeRun = SuiteRun & { size: number; usagers: number; piecesPerUsager: number; usagersTimesPieces: number; probes?: number };

export async function suiteAt(population: string, name: string, extra: { args?: string[]; env?: Record<string, string> } = {}): Promise<SuiteRun> {
  const reportDir = join(OUT, name);
  const { result, requests } = await withPortal(name, (portal) =>
    runSuite({ portal, population, reportDir, port: portal.port, workers: env.BENCH_WORKERS, extraArgs: extra.args, extraEnv: extra.env }),
  );
  return { ...result, requests };
}

export async function scaling(progress: (runs: SizeRun[]) => void): Promise<SizeRun[]> {
  log(`\n== Whole suite at ${SIZES.join(', ')} usagers`);
  const runs: SizeRun[] = [];
  for (const size of SIZES) {
    const spec = sizeSpec(size);
    const run = await suiteAt(spec.file, `suite-${size}`);
    const probes = reportedProbeTotal(run.reportedCounts);
    const sized: SizeRun = { ...run, size, usagers: spec.usagers, piecesPerUsager: spec.piecesPerUsager, usagersTimesPieces: spec.usagers * spec.piecesPerUsager, probes };
    runs.push(sized);
    progress(runs);
    log(
      `  ${String(size).padStart(2)} usagers: ${run.wallSeconds.toFixed(1)} s, peak RSS ${(run.peak.rssKb / 1024).toFixed(0)} MB, probes ${probes ?? '-'}, portal requests ${run.requests?.total ?? '-'}, exit ${run.exitCode}, status ${run.status ?? '-'}`,
    );
    if (run.exitCode !== 0) log(`    the suite did not pass on the secure portal: ${run.stderrTail.slice(-600)}`);
  }
  return runs;
}

export interface PlanPoint {
  usagers: number;
  usagersTimesPieces: number;
  planned: number;
  coverage: number;
  kept: number;
}

/** The object plan at each size, computed as dry-run does: seconds, no portal. */
export async function planned(): Promise<PlanPoint[]> {
  log(`\n== Probes planned by the run plan (objects, paths, concurrency; nothing sent) at ${SIZES.join(', ')} usagers, budget preset ${BUDGET_PRESET}`);
  const out: PlanPoint[] = [];
  for (const size of SIZES) {
    const spec = sizeSpec(size);
    const target = resolveTarget({ ...env, CLOISON_POPULATION: spec.file, [BUDGET_ENV]: String(BUDGET_PRESET) });
    const plan = await planRunBudget(target);
    out.push({ usagers: spec.usagers, usagersTimesPieces: spec.usagers * spec.piecesPerUsager, planned: plan.planned, coverage: plan.coverage, kept: plan.kept });
    log(`  ${String(size).padStart(2)} usagers: ${plan.planned} planned, ${plan.coverage} cover every route × class × action, ${plan.kept} kept by the budget; at ${STAGING_RPS} req/s ${formatDuration(durationAt(plan.planned, STAGING_RPS))} → ${formatDuration(durationAt(plan.kept, STAGING_RPS))}`);
  }
  return out;
}

export interface BudgetRun {
  label: string;
  budget?: number;
  wallSeconds: number;
  exitCode: number | null;
  status?: string;
  tests?: number;
  probes?: number;
  objects?: number;
  skipped?: number;
  peakPssMB: number;
  /** Seconds the probes take at STAGING_RPS. */
  stagingSeconds?: number;
}

/** The default scan as a release gate would run it on a recette: every probe, then the --budget preset. */
export async function budgetRuns(): Promise<BudgetRun[]> {
  log(`\n== Default scan (${DEFAULT_POPULATION}) without and with the budget preset (${BUDGET_ENV}=${BUDGET_PRESET}); duration at ${STAGING_RPS} req/s`);
  const runs: BudgetRun[] = [];
  for (const budget of [undefined, BUDGET_PRESET]) {
    const run = await suiteAt(DEFAULT_POPULATION, budget ? 'default-budget' : 'default', budget ? { env: { [BUDGET_ENV]: String(budget) } } : {});
    const counts = run.reportedCounts as { probes?: { total?: number; byFamily?: Record<string, number> }; budget?: { skipped: { probes: number }[] } } | undefined;
    const probes = reportedProbeTotal(counts);
    const measured: BudgetRun = {
      label: budget ? `--budget (${BUDGET_ENV}=${budget})` : 'every probe',
      ...(budget ? { budget } : {}),
      wallSeconds: run.wallSeconds,
      exitCode: run.exitCode,
      status: run.status,
      tests: run.tests,
      probes,
      objects: counts?.probes?.byFamily?.objects,
      skipped: counts?.budget?.skipped.reduce((sum, group) => sum + group.probes, 0),
      peakPssMB: run.peak.pssKb / 1024,
      stagingSeconds: probes === undefined ? undefined : durationAt(probes, STAGING_RPS),
    };
    runs.push(measured);
    log(`  ${measured.label}: ${run.wallSeconds.toFixed(1)} s, ${probes ?? '-'} probes (objects ${measured.objects ?? '-'}, skipped ${measured.skipped ?? 0}), at ${STAGING_RPS} req/s ${formatDuration(measured.stagingSeconds)}, exit ${run.exitCode}`);
    if (run.exitCode !== 0) log(`    the default scan did not pass on the secure portal: ${run.stderrTail.slice(-600)}`);
  }
  return runs;
}

export async function profileDefault(): Promise<{ run: SuiteRun; profile?: SuiteProfile }> {
  log(`\n== Default suite (${DEFAULT_POPULATION}) with the JSON reporter: where the time goes`);
  const dir = join(OUT, 'profile');
  const jsonFile = join(dir, 'report.json');
  const run = await suiteAt(DEFAULT_POPULATION, 'profile', {
    args: ['--reporter=json,./src/report/findings-reporter.ts'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile, CLOISON_FINDINGS_FILE: join(dir, 'findings.json') },
  });
  let summary: SuiteProfile | undefined;
  try {
    summary = profileReport(JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport);
  } catch (error) {
    log(`  no JSON report to profile: ${(error as Error).message}`);
  }
  log(`  wall ${run.wallSeconds.toFixed(1)} s, exit ${run.exitCode}, peak RSS ${(run.peak.rssKb / 1024).toFixed(0)} MB`);
  if (summary) {
    const costs = (title: string, list: { name: string; ms: number; count: number }[]): void => {
      log(`  ${title}`);
      for (const cost of list) log(`    ${(cost.ms / 1000).toFixed(1).padStart(7)} s  ×${String(cost.count).padEnd(4)} ${cost.name}`);
    };
    log(`  ${summary.tests} tests, ${(summary.testMs / 1000).toFixed(1)} s of test time over the workers`);
    costs('by spec file', summary.byFile);
    costs('by describe', summary.byDescribe);
    costs('by kind of step', summary.byStepKind);
    costs('slowest tests', summary.slowestTests);
  }
  return { run, profile: summary };
}
