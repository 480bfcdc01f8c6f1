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
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile } from '../src/profile/load';
import { readSettings } from '../src/settings/settings';
import { readMatrixSummary } from '../src/bench/matrix-summary';
import { BUDGET_ENV, BUDGET_PRESET } from '../src/probes/budget';
import { reportedProbeTotal } from '../src/bench/suite';
import { formatMarkdownTable, formatTable } from '../src/bench/table';
import { CONCURRENCY, DEFAULT_POPULATION, env, log, MATRIX_FILE, OUT, PARTS, PROBE_POPULATION, ROUNDS, SECONDS, SIZES, STAGING_RPS, WARMUP } from './bench-options';
import { budgetRuns, planned, profileDefault, scaling, throughput, useProfile, type SizeRun } from './bench-runs';
import { budgetColumns, budgetRows, machine, matrixLines, planMarkdown, renderScaling, throughputMarkdown } from './bench-render';

// The budget part measures with and without a budget itself: one inherited from the shell would
// silently budget every other run.
delete process.env[BUDGET_ENV];

// The harness's probe tallies of this process (src/session/throttle.ts) belong in our folder.
process.env.CLOISON_REPORT_DIR = join(OUT, 'throughput');
mkdirSync(OUT, { recursive: true });
useProfile(loadProfile(readSettings(env).profileFile));

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
    markdown.push(...throughputMarkdown(measured));
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
