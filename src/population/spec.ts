import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject } from 'ajv';
import { ConfigError } from '../errors';
import type { PopulationSpec } from './types';
import { PopulationSpecError, validatePopulationSpec } from './validate';

const schema = JSON.parse(readFileSync(new URL('./spec.schema.json', import.meta.url), 'utf8')) as object;
const validateFile = new Ajv({ allErrors: false, strict: true }).compile(schema);

/**
 * Reads a seeds file (population shape, without seed or runId), adds the run's seed and runId and
 * validates the whole. Errors name the file and the field: `seeds/x.json: "piecesPerUsager.max" ...`.
 */
export function loadPopulationSpec(file: string, run: { seed: number; runId: string }): PopulationSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError('population spec', `cannot be read: ${(e as Error).message.split('\n')[0]}`, file);
  }
  if (!validateFile(raw)) {
    const err = validateFile.errors?.[0];
    throw new ConfigError(`population spec field "${err ? fieldOf(err) : '(root)'}"`, err?.message ?? 'is invalid', file);
  }
  const { $schema: _s, description: _d, ...shape } = raw as Record<string, unknown>;
  try {
    return validatePopulationSpec({ ...shape, seed: run.seed, runId: run.runId });
  } catch (e) {
    if (e instanceof PopulationSpecError) throw new ConfigError('population spec', e.message, file);
    throw e;
  }
}

/** `/mdph/1` → `mdph[1]`; for unknown or missing properties, the property itself. */
function fieldOf(err: ErrorObject): string {
  const path = err.instancePath.slice(1).replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.');
  const name: unknown = err.params.additionalProperty ?? err.params.missingProperty;
  if (typeof name === 'string') return path ? `${path}.${name}` : name;
  return path || '(root)';
}
