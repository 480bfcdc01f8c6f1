/**
 * The bench's tables, figures and lines (scripts/bench.ts prints and writes them): the plan, the
 * default scan with and without a budget, the probe throughput, the whole suite's scaling, the
 * flaw matrix's wall time, and the machine they were measured on.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { MatrixSummary } from '../src/bench/matrix-summary';
import { growthExponents, linearFit, scalingExponent } from '../src/bench/stats';
import { BUDGET_PRESET, durationAt, formatDuration } from '../src/probes/budget';
import { scalingSvg } from '../src/bench/svg';
import { fixed, formatMarkdownTable, formatTable, type Cell, type Column } from '../src/bench/table';
import { resolveChromium } from '../src/browser/chromium';
import { CONCURRENCY, log, MATRIX_FILE, OUT, ROUNDS, SECONDS, STAGING_RPS } from './bench-options';
import type { BudgetRun, PlanPoint, SizeRun, ThroughputResult } from './bench-runs';

export const planColumns: Column[] = [
  { title: 'usagers' },
  { title: 'usagers×pièces' },
  { title: 'probes planned (objects, paths, concurrency)' },
  { title: 'coverage units' },
  { title: `kept by --budget (${BUDGET_PRESET})` },
  { title: `every probe at ${STAGING_RPS} req/s` },
  { title: `--budget at ${STAGING_RPS} req/s` },
];

export function planMarkdown(points: readonly PlanPoint[]): string[] {
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

export const budgetColumns: Column[] = [
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

export function budgetRows(runs: readonly BudgetRun[]): Cell[][] {
  return runs.map((run) => [run.label, run.tests, run.probes, run.objects, run.skipped ?? 0, run.wallSeconds, formatDuration(run.stagingSeconds), run.peakPssMB, run.exitCode === 0 ? (run.status ?? 'passed') : `exit ${run.exitCode}`]);
}

export function matrixLines(summary: MatrixSummary | undefined): string[] {
  if (!summary) return [`Flaw matrix: no ${MATRIX_FILE} (run \`npm run matrix\` first; the bench does not run it).`];
  const verdicts = Object.entries(summary.verdicts).map(([verdict, n]) => `${n} ${verdict}`).join(', ');
  return [
    `Flaw matrix (${summary.file}, written ${summary.measuredAt}): ${summary.rows} rows (${verdicts}) in ${(summary.wallSeconds / 60).toFixed(1)} min wall, ${summary.parallel} at a time (rows sum to ${(summary.rowSeconds / 60).toFixed(1)} min).`,
  ];
}

export function machine(): Record<string, unknown> {
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

export const scalingColumns: Column[] = [
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

export function scalingRows(runs: readonly SizeRun[]): Cell[][] {
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

export const throughputColumns: Column[] = [
  { title: 'client' },
  { title: 'req/s', format: fixed(0) },
  { title: 'vs best raw', format: (value) => `${(value * 100).toFixed(0)}%` },
  { title: 'p50 ms', format: fixed(1) },
  { title: 'p95 ms', format: fixed(1) },
  { title: 'client CPU ms/req', format: fixed(2) },
  { title: 'portal CPU ms/req', format: fixed(2) },
];

/** Table, fits and SVG of the suite runs; also used to re-render a saved, possibly partial, bench.json. */
export function renderScaling(runs: SizeRun[], results: Record<string, unknown>): string[] {
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

export function exponentText(fit: { exponent: number; r2: number } | undefined): string {
  return fit ? `${fit.exponent.toFixed(2)} (r² ${fit.r2.toFixed(3)})` : '-';
}

/** The throughput table, printed, and its markdown: every client against the best raw one. */
export function throughputMarkdown(measured: ThroughputResult): string[] {
  const best = Math.max(...measured.phases.filter((phase) => phase.client.startsWith('raw')).map((phase) => phase.perSecond));
  const rows = measured.phases.map((phase): Cell[] => [phase.client, phase.perSecond, phase.perSecond / best, phase.latencyMs.p50, phase.latencyMs.p95, phase.clientCpuMsPerRequest, phase.portalCpuMsPerRequest]);
  log(`\n${formatTable(throughputColumns, rows)}`);
  log(`(median of ${ROUNDS} rounds per client)`);
  log(`Headline: cloison harness = ${(measured.ratio * 100).toFixed(0)}% of the best raw client (median over rounds of the same-round ratio; ${measured.baseline} overall) — target ≥ 75% (issue 17)`);
  return [`### API probe throughput (${measured.population}, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds of ${SECONDS} s)`, '', formatMarkdownTable(throughputColumns, rows), '', `Harness / best raw: **${(measured.ratio * 100).toFixed(0)}%** (target ≥ 75%).`, ''];
}
