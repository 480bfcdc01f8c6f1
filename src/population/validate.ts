import { nirDepartement } from './nir';
import type { PopulationSpec } from './types';

/** A spec problem, with the offending field so that config errors point at the line to fix. */
export class PopulationSpecError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`population spec: "${field}" ${problem}`);
    this.name = 'PopulationSpecError';
  }
}

export const RUN_ID = /^[A-Z0-9]{4,12}$/;
/**
 * Canaries are `…-<ownerKey>-<n>`; with n ≤ 9 no canary is a prefix of another of the same owner
 * (`-1` inside `-10`), so a plain substring scan attributes every hit to exactly one document.
 */
export const MAX_PIECES_PER_USAGER = 9;
/** Keys use one or two suffix letters (a..z, aa..zz). */
export const MAX_PER_MDPH = 26 + 26 * 26;

function count(spec: Record<string, unknown>, field: string, min: number, max: number): number {
  const v = field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], spec);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new PopulationSpecError(field, `must be an integer in ${min}..${max} (got ${JSON.stringify(v)})`);
  }
  return v;
}

/** Throws PopulationSpecError naming the first invalid field; returns the spec typed. */
export function validatePopulationSpec(input: unknown): PopulationSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new PopulationSpecError('(root)', 'must be an object');
  const spec = input as Record<string, unknown>;
  count(spec, 'seed', 0, Number.MAX_SAFE_INTEGER);
  if (typeof spec.runId !== 'string' || !RUN_ID.test(spec.runId)) {
    throw new PopulationSpecError('runId', `must match ${RUN_ID} (got ${JSON.stringify(spec.runId)})`);
  }
  const mdph = spec.mdph;
  if (!Array.isArray(mdph) || mdph.length < 2) throw new PopulationSpecError('mdph', 'must list at least two MDPH codes (tenant isolation needs two)');
  mdph.forEach((code, i) => {
    if (typeof code !== 'string') throw new PopulationSpecError(`mdph[${i}]`, 'must be a string');
    try {
      nirDepartement(code);
    } catch {
      throw new PopulationSpecError(`mdph[${i}]`, `must be an MDPH code such as "075", "2A" or "971" (got ${JSON.stringify(code)})`);
    }
    if (mdph.indexOf(code) !== i) throw new PopulationSpecError(`mdph[${i}]`, `duplicates ${JSON.stringify(code)}`);
  });
  const usagers = count(spec, 'usagersPerMdph', 1, MAX_PER_MDPH);
  count(spec, 'representatives', 0, usagers);
  count(spec, 'agentsPerMdph', 0, MAX_PER_MDPH);
  if (typeof spec.piecesPerUsager !== 'object' || spec.piecesPerUsager === null) {
    throw new PopulationSpecError('piecesPerUsager', 'must be an object {min, max}');
  }
  const min = count(spec, 'piecesPerUsager.min', 1, MAX_PIECES_PER_USAGER);
  count(spec, 'piecesPerUsager.max', min, MAX_PIECES_PER_USAGER);
  return input as PopulationSpec;
}
