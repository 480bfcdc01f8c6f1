/**
 * `npm run bench`: how fast cloison probes, what a rate-limited target costs, and how its cost grows.
 *
 * 0. plan: the object checks' probes planned at each size (nothing sent: src/checks/object-plan.ts),
 *    with and without the budget preset, their scaling exponent and their duration at 5 req/s.
 * 1. throughput: the same GETs at the same concurrency with raw clients (node:http keep-alive,
 *    Node's fetch), Playwright's request context alone, and cloison's Identity.request (transport,
 *    throttle and tally, oracle, judgement). Headline: harness / best raw.
 * 2. budget: the default scan (seeds/default.json) without and with the release-gate budget
 *    (CLOISON_MAX_PROBES=3000, `--budget`): probes, wall time on loopback, and the duration those
 *    probes take at 5 req/s, the default ceiling off loopback.
 * 3. suite: the whole suite (`npx playwright test`, setup included) at 8, 16, 32 and 64 usagers of
 *    5 pièces: wall time, peak RSS and PSS of the process tree (portal included), probes sent, and
 *    the scaling exponent of each over all sizes (1 = linear in usagers × pièces).
 * 4. matrix: the flaw matrix's wall time, read from reports/matrix/matrix.json when it is there
 *    (`npm run matrix` writes it; the bench does not run the matrix).
 * 5. profile (on demand): the default suite with the JSON reporter, where its time goes.
 *
 * Environment (all optional): BENCH_SIZES=8,16,32,64  BENCH_SECONDS=5  BENCH_WARMUP=1
 * BENCH_CONCURRENCY=8  BENCH_ROUNDS=3  BENCH_PROBE_POPULATION=seeds/bench-8.json  BENCH_PORT=3400
 * BENCH_WORKERS (suite workers; default: the config's)  BENCH_PARTS=plan,throughput,budget,suite,matrix
 * (add profile)  BENCH_OUT=reports/bench  BENCH_MATRIX=reports/matrix/matrix.json. Writes
 * bench.json, bench.md and scaling.svg in BENCH_OUT.
 * No number here is asserted anywhere: this measures, the README reports.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadProfile } from '../src/profile/load';
import { readSettings } from '../src/settings/settings';
import { startPortal, type BenchPortal } from '../src/bench/portal';
import { profileReport, type JsonReport, type SuiteProfile } from '../src/bench/profile';
import { seedRun } from '../src/bench/seed';
import { readMatrixSummary, type MatrixSummary } from '../src/bench/matrix-summary';
import { growthExponents, linearFit, ratio, scalingExponent } from '../src/bench/stats';
import { BUDGET_ENV, BUDGET_PRESET, durationAt, formatDuration } from '../src/probes/budget';
import { reportedProbeTotal, runSuite, type SuiteRun } from '../src/bench/suite';
import { scalingSvg } from '../src/bench/svg';
import { fixed, formatMarkdownTable, formatTable, type Cell, type Column } from '../src/bench/table';
import { harnessClient, playwrightClient, rawFetchClient, rawHttpClient } from '../src/bench/clients';
import { drive, probeTargets, type Client, type PhaseResult } from '../src/bench/throughput';
import { resolveChromium } from '../src/browser/chromium';
import { planRunBudget } from '../src/checks/budget-preflight';
import { resolveTarget } from '../src/run/target';

const env = process.env;
const OUT = env.BENCH_OUT ?? 'reports/bench';
const PORT = Number(env.BENCH_PORT ?? 3400);
const SIZES = (env.BENCH_SIZES ?? '8,16,32,64').split(',').map((size) => Number(size.trim())).filter((size) => size > 0);
const SECONDS = Number(env.BENCH_SECONDS ?? 5);
const WARMUP = Number(env.BENCH_WARMUP ?? 1);
const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const PROBE_POPULATION = env.BENCH_PROBE_POPULATION ?? 'seeds/bench-8.json';
const PARTS = new Set((env.BENCH_PARTS ?? 'plan,throughput,budget,suite,matrix').split(',').map((part) => part.trim()));
const DEFAULT_POPULATION = 'seeds/default.json';
const MATRIX_FILE = env.BENCH_MATRIX ?? join('reports', 'matrix', 'matrix.json');
/** The default ceiling off loopback (src/settings/settings.ts probeLimits): what a real recette costs. */
const STAGING_RPS = 5;

// The budget part measures with and without a budget itself: one inherited from the shell would
// silently budget every other run.
delete process.env[BUDGET_ENV];

// The harness's probe tallies of this process (src/session/throttle.ts) belong in our folder.
process.env.CLOISON_REPORT_DIR = join(OUT, 'throughput');
mkdirSync(OUT, { recursive: true });
const profile = loadProfile(readSettings(env).profileFile);
let nextPort = PORT;
const portalPort = (): number => {
  const port = nextPort++;
  if (port > PORT + 99) throw new Error(`bench: out of ports (${PORT}-${PORT + 99})`);
  return port;
};
const countFile = (name: string): string => join(OUT, `requests-${name}.json`);

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function withPortal<T>(name: string, work: (portal: BenchPortal) => Promise<T>): Promise<{ result: T; requests: Awaited<ReturnType<BenchPortal['stop']>> }> {
  const portal = await startPortal(profile, portalPort(), countFile(name));
  try {
    const result = await work(portal);
    return { result, requests: await portal.stop() };
  } catch (error) {
    await portal.stop();
    throw error;
  }
}

interface SizeSpec {
  file: string;
  usagers: number;
  piecesPerUsager: number;
}

function sizeSpec(size: number): SizeSpec {
  const file = `seeds/bench-${size}.json`;
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { mdph: string[]; usagersPerMdph: number; piecesPerUsager: { min: number; max: number } };
  const usagers = spec.mdph.length * spec.usagersPerMdph;
  if (usagers !== size) throw new Error(`${file}: ${usagers} usagers, expected ${size}`);
  return { file, usagers, piecesPerUsager: (spec.piecesPerUsager.min + spec.piecesPerUsager.max) / 2 };
}

interface ThroughputResult {
  population: string;
  targets: number;
  rounds: PhaseResult[][];
  /** Per client, the round with its median throughput. */
  phases: PhaseResult[];
  /** Median over rounds of harness / best raw client of the same round. */
  ratio: number;
  baseline: string;
}

async function throughput(): Promise<ThroughputResult> {
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

type SizeRun = SuiteRun & { size: number; usagers: number; piecesPerUsager: number; usagersTimesPieces: number; probes?: number };

async function suiteAt(population: string, name: string, extra: { args?: string[]; env?: Record<string, string> } = {}): Promise<SuiteRun> {
  const reportDir = join(OUT, name);
  const { result, requests } = await withPortal(name, (portal) =>
    runSuite({ portal, population, reportDir, port: portal.port, workers: env.BENCH_WORKERS, extraArgs: extra.args, extraEnv: extra.env }),
  );
  return { ...result, requests };
}

async function scaling(progress: (runs: SizeRun[]) => void): Promise<SizeRun[]> {
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

interface PlanPoint {
  usagers: number;
  usagersTimesPieces: number;
  planned: number;
  coverage: number;
  kept: number;
}

/** The object plan at each size, computed as dry-run does: seconds, no portal. */
async function planned(): Promise<PlanPoint[]> {
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

const planColumns: Column[] = [
  { title: 'usagers' },
  { title: 'usagers×pièces' },
  { title: 'probes planned (objects, paths, concurrency)' },
  { title: 'coverage units' },
  { title: `kept by --budget (${BUDGET_PRESET})` },
  { title: `every probe at ${STAGING_RPS} req/s` },
  { title: `--budget at ${STAGING_RPS} req/s` },
];

function planMarkdown(points: readonly PlanPoint[]): string[] {
  const rows = points.map((point): Cell[] => [point.usagers, point.usagersTimesPieces, point.planned, point.coverage, point.kept, formatDuration(durationAt(point.planned, STAGING_RPS)), formatDuration(durationAt(point.kept, STAGING_RPS))]);
  const exponent = scalingExponent(points.map((point) => ({ x: point.usagersTimesPieces, y: point.planned })));
  const coverage = scalingExponent(points.map((point) => ({ x: point.usagersTimesPieces, y: point.coverage })));
  log(`\n${formatTable(planColumns, rows)}`);
  const line = `Scaling exponent of the planned probes (objects, paths, concurrency) over usagers×pièces: ${exponentText(exponent)}; of the coverage units: ${exponentText(coverage)} (they depend on routes and relationship classes, not on population size).`;
  log(line);
  writeFileSync(
    join(OUT, 'plan.svg'),
    scalingSvg({
      title: `cloison: probes planned (objects, paths, concurrency) vs population, and minutes at ${STAGING_RPS} req/s (dashed: proportional to the smallest size)`,
      xLabel: 'usagers × pièces',
      panels: [
        { title: 'Probes planned', yLabel: 'probes', points: points.map((point) => ({ x: point.usagersTimesPieces, y: point.planned })) },
        { title: `Every probe at ${STAGING_RPS} req/s`, yLabel: 'minutes', points: points.map((point) => ({ x: point.usagersTimesPieces, y: point.planned / STAGING_RPS / 60 })) },
        { title: `--budget (${BUDGET_PRESET}) at ${STAGING_RPS} req/s`, yLabel: 'minutes', points: points.map((point) => ({ x: point.usagersTimesPieces, y: point.kept / STAGING_RPS / 60 })) },
      ],
    }),
  );
  return [`### Probes planned: objects, paths, concurrency (reference profile, nothing sent)`, '', formatMarkdownTable(planColumns, rows), '', line, ''];
}

interface BudgetRun {
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
async function budgetRuns(): Promise<BudgetRun[]> {
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

const budgetColumns: Column[] = [
  { title: 'default scan' },
  { title: 'tests' },
  { title: 'probes' },
  { title: 'objects' },
  { title: 'skipped (listed)' },
  { title: 'wall s (loopback)', format: fixed(1) },
  { title: `at ${STAGING_RPS} req/s` },
  { title: 'peak PSS MB', format: fixed(0) },
  { title: 'status' },
];

function budgetRows(runs: readonly BudgetRun[]): Cell[][] {
  return runs.map((run) => [run.label, run.tests, run.probes, run.objects, run.skipped ?? 0, run.wallSeconds, formatDuration(run.stagingSeconds), run.peakPssMB, run.exitCode === 0 ? (run.status ?? 'passed') : `exit ${run.exitCode}`]);
}

function matrixLines(summary: MatrixSummary | undefined): string[] {
  if (!summary) return [`Flaw matrix: no ${MATRIX_FILE} (run \`npm run matrix\` first; the bench does not run it).`];
  const verdicts = Object.entries(summary.verdicts).map(([verdict, n]) => `${n} ${verdict}`).join(', ');
  return [
    `Flaw matrix (${summary.file}, written ${summary.measuredAt}): ${summary.rows} rows (${verdicts}) in ${(summary.wallSeconds / 60).toFixed(1)} min wall, ${summary.parallel} at a time (rows sum to ${(summary.rowSeconds / 60).toFixed(1)} min).`,
  ];
}

async function profileDefault(): Promise<{ run: SuiteRun; profile?: SuiteProfile }> {
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

function machine(): Record<string, unknown> {
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync(resolveChromium(), ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    // Informative only: the suite runs say soon enough whether Chromium starts.
  }
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion,
    contended: 'other jobs may share the CPU: figures are indicative',
  };
}

const scalingColumns: Column[] = [
  { title: 'usagers' },
  { title: 'pièces' },
  { title: 'usagers×pièces' },
  { title: 'wall s', format: fixed(1) },
  { title: 'peak RSS MB', format: fixed(0) },
  { title: 'peak PSS MB', format: fixed(0) },
  { title: 'peak renderers' },
  { title: 'probes' },
  { title: 'portal req (api/browser)' },
  { title: 'probes/s', format: fixed(0) },
  { title: 'tests' },
  { title: 'status' },
];

function scalingRows(runs: readonly SizeRun[]): Cell[][] {
  return runs.map((run) => [
    run.usagers,
    run.usagers * run.piecesPerUsager,
    run.usagersTimesPieces,
    run.wallSeconds,
    run.peak.rssKb / 1024,
    run.peak.pssKb / 1024,
    run.peak.renderers,
    run.probes,
    run.requests ? `${run.requests.api}/${run.requests.browser}` : undefined,
    run.probes === undefined ? undefined : run.probes / run.wallSeconds,
    run.tests,
    run.exitCode === 0 ? (run.status ?? 'passed') : `exit ${run.exitCode}`,
  ]);
}

const throughputColumns: Column[] = [
  { title: 'client' },
  { title: 'req/s', format: fixed(0) },
  { title: 'vs best raw', format: (value) => `${(value * 100).toFixed(0)}%` },
  { title: 'p50 ms', format: fixed(1) },
  { title: 'p95 ms', format: fixed(1) },
  { title: 'client CPU ms/req', format: fixed(2) },
  { title: 'portal CPU ms/req', format: fixed(2) },
];

/** Table, fits and SVG of the suite runs; also used to re-render a saved, possibly partial, bench.json. */
function renderScaling(runs: SizeRun[], results: Record<string, unknown>): string[] {
  const points = (y: (run: SizeRun) => number | undefined): { x: number; y: number }[] =>
    runs.flatMap((run) => {
      const value = y(run);
      return value === undefined ? [] : [{ x: run.usagersTimesPieces, y: value }];
    });
  const wall = points((run) => run.wallSeconds);
  const probes = points((run) => run.probes ?? (run.requests ? run.requests.api + run.requests.browser : undefined));
  const pss = points((run) => run.peak.pssKb / 1024);
  const fits =
    wall.length >= 2
      ? {
          wall: linearFit(wall),
          wallGrowth: growthExponents(wall),
          probes: probes.length >= 2 ? linearFit(probes) : undefined,
          probesGrowth: growthExponents(probes),
          exponents: { wall: scalingExponent(wall), probes: scalingExponent(probes), pss: scalingExponent(pss) },
        }
      : undefined;
  results.scaling = { runs, fits };
  log(`\n${formatTable(scalingColumns, scalingRows(runs))}`);
  const exponentLine = fits ? `Scaling exponent over all sizes (y ∝ (usagers×pièces)^k, 1 = linear): probes ${exponentText(fits.exponents.probes)}, wall time ${exponentText(fits.exponents.wall)}, peak PSS ${exponentText(fits.exponents.pss)}.` : undefined;
  if (fits) {
    log(`wall ≈ ${fits.wall.intercept.toFixed(1)} s + ${fits.wall.slope.toFixed(3)} s × usagers×pièces (r² ${fits.wall.r2.toFixed(3)}); growth exponent per step ${fits.wallGrowth.map((k) => k.toFixed(2)).join(', ')} (1 = linear)`);
    log(`probes growth exponent per step ${fits.probesGrowth.map((k) => k.toFixed(2)).join(', ')}`);
    log(exponentLine ?? '');
  }
  writeFileSync(
    join(OUT, 'scaling.svg'),
    scalingSvg({
      title: 'cloison: whole suite vs population (dashed: proportional to the smallest size)',
      xLabel: 'usagers × pièces',
      panels: [
        { title: 'Wall time', yLabel: 'seconds', points: wall },
        { title: 'Probes sent', yLabel: 'probes', points: probes },
        { title: 'Peak memory (PSS, tree)', yLabel: 'MB', points: pss },
      ],
    }),
  );
  return ['### Whole suite vs population (5 pièces per usager)', '', formatMarkdownTable(scalingColumns, scalingRows(runs)), '', ...(exponentLine ? [exponentLine, ''] : [])];
}

function exponentText(fit: { exponent: number; r2: number } | undefined): string {
  return fit ? `${fit.exponent.toFixed(2)} (r² ${fit.r2.toFixed(3)})` : '-';
}

async function main(): Promise<void> {
  const started = new Date();
  const results: Record<string, unknown> = { startedAt: started.toISOString(), machine: machine(), options: { sizes: SIZES, rounds: ROUNDS, seconds: SECONDS, warmup: WARMUP, concurrency: CONCURRENCY, probePopulation: PROBE_POPULATION, parts: [...PARTS] } };
  const markdown: string[] = [];
  const save = (): void => writeFileSync(join(OUT, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);

  if (PARTS.has('plan') && SIZES.length > 0) {
    const points = await planned();
    results.plan = { preset: BUDGET_PRESET, stagingRequestsPerSecond: STAGING_RPS, points };
    save();
    markdown.push(...planMarkdown(points));
  }

  if (PARTS.has('throughput')) {
    const measured = await throughput();
    results.throughput = measured;
    save();
    const best = Math.max(...measured.phases.filter((phase) => phase.client.startsWith('raw')).map((phase) => phase.perSecond));
    const rows = measured.phases.map((phase): Cell[] => [phase.client, phase.perSecond, phase.perSecond / best, phase.latencyMs.p50, phase.latencyMs.p95, phase.clientCpuMsPerRequest, phase.portalCpuMsPerRequest]);
    log(`\n${formatTable(throughputColumns, rows)}`);
    log(`(median of ${ROUNDS} rounds per client)`);
    log(`Headline: cloison harness = ${(measured.ratio * 100).toFixed(0)}% of the best raw client (median over rounds of the same-round ratio; ${measured.baseline} overall) — target ≥ 75% (issue 17)`);
    markdown.push(`### API probe throughput (${measured.population}, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds of ${SECONDS} s)`, '', formatMarkdownTable(throughputColumns, rows), '', `Harness / best raw: **${(measured.ratio * 100).toFixed(0)}%** (target ≥ 75%).`, '');
  }

  if (PARTS.has('budget')) {
    const runs = await budgetRuns();
    results.budget = { stagingRequestsPerSecond: STAGING_RPS, preset: BUDGET_PRESET, runs };
    save();
    log(`\n${formatTable(budgetColumns, budgetRows(runs))}`);
    markdown.push(`### Default scan on a rate-limited target (${DEFAULT_POPULATION}; duration of its probes at ${STAGING_RPS} req/s)`, '', formatMarkdownTable(budgetColumns, budgetRows(runs)), '');
  }

  if (PARTS.has('suite') && SIZES.length > 0) {
    // Saved after each size: the large ones take long, a run cut short still leaves its figures.
    const runs = await scaling((done) => {
      results.scaling = { runs: done, partial: true };
      save();
    });
    markdown.push(...renderScaling(runs, results));
  }


  if (PARTS.has('matrix')) {
    const summary = readMatrixSummary(MATRIX_FILE);
    results.matrix = summary ?? { missing: MATRIX_FILE };
    const lines = matrixLines(summary);
    log(`\n${lines.join('\n')}`);
    markdown.push('### Flaw matrix', '', ...lines, '');
  }

  if (PARTS.has('profile')) {
    const profiled = await profileDefault();
    results.profile = { wallSeconds: profiled.run.wallSeconds, exitCode: profiled.run.exitCode, peak: profiled.run.peak, requests: profiled.run.requests, probes: reportedProbeTotal(profiled.run.reportedCounts), ...profiled.profile };
    markdown.push(`Default suite (${DEFAULT_POPULATION}): ${profiled.run.wallSeconds.toFixed(1)} s wall (target < 60 s).`, '');
  }

  results.finishedAt = new Date().toISOString();
  save();
  writeFileSync(join(OUT, 'bench.md'), `${markdown.join('\n')}\n`);
  log(`\nWrote ${join(OUT, 'bench.json')}, ${join(OUT, 'bench.md')}${PARTS.has('suite') ? `, ${join(OUT, 'scaling.svg')}` : ''}`);
}

/** BENCH_RENDER=1: redraw the table and the SVG from the bench.json in BENCH_OUT, measuring nothing. */
function rerender(): void {
  const results = JSON.parse(readFileSync(join(OUT, 'bench.json'), 'utf8')) as Record<string, unknown> & { scaling?: { runs: SizeRun[] } };
  if (!results.scaling) throw new Error(`${join(OUT, 'bench.json')} holds no suite runs`);
  const markdown = renderScaling(results.scaling.runs, results);
  writeFileSync(join(OUT, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(OUT, 'bench-scaling.md'), `${markdown.join('\n')}\n`);
}

(env.BENCH_RENDER === '1' ? Promise.resolve().then(rerender) : main()).catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
