/**
 * The bench's options, read from the environment once (all optional, see scripts/bench.ts), and
 * what every part shares: its log and the populations of its sizes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const env = process.env;
export const OUT = env.BENCH_OUT ?? 'reports/bench';
export const PORT = Number(env.BENCH_PORT ?? 3400);
export const SIZES = (env.BENCH_SIZES ?? '8,16,32,64').split(',').map((size) => Number(size.trim())).filter((size) => size > 0);
export const SECONDS = Number(env.BENCH_SECONDS ?? 5);
export const WARMUP = Number(env.BENCH_WARMUP ?? 1);
export const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 8);
export const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
export const PROBE_POPULATION = env.BENCH_PROBE_POPULATION ?? 'seeds/bench-8.json';
export const PARTS = new Set((env.BENCH_PARTS ?? 'plan,throughput,budget,suite,matrix').split(',').map((part) => part.trim()));
export const DEFAULT_POPULATION = 'seeds/default.json';
export const MATRIX_FILE = env.BENCH_MATRIX ?? join('reports', 'matrix', 'matrix.json');
/** The default ceiling off loopback (src/settings/settings.ts probeLimits): what a real recette costs. */
export const STAGING_RPS = 5;

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export interface SizeSpec {
  file: string;
  usagers: number;
  piecesPerUsager: number;
}

export function sizeSpec(size: number): SizeSpec {
  const file = `seeds/bench-${size}.json`;
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { mdph: string[]; usagersPerMdph: number; piecesPerUsager: { min: number; max: number } };
  const usagers = spec.mdph.length * spec.usagersPerMdph;
  if (usagers !== size) throw new Error(`${file}: ${usagers} usagers, expected ${size}`);
  return { file, usagers, piecesPerUsager: (spec.piecesPerUsager.min + spec.piecesPerUsager.max) / 2 };
}
