import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { ConfigError } from '../errors';
import { generatedValidator } from '../util/generated-validator';
import type { PopulationSpecFile, PopulationSpec } from './schema';
import { PopulationSpecError, validatePopulationSpec } from './validate';

const validateFile = generatedValidator<PopulationSpecFile>(import.meta.url, './spec.validate.cjs');

/**
 * Reads a seeds file (population shape, without seed or runId), adds the run's seed and runId and
 * validates the whole. Errors name the file and the field: `seeds/x.json: "piecesPerUsager.max" ...`.
 */
export function loadPopulationSpec(file: string, run: { seed: number; runId: string; people?: PeopleOfProfile }): PopulationSpec {
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
  const { $schema: _s, description: _d, ...shape } = raw;
  try {
    const spec = validatePopulationSpec({ ...shape, seed: run.seed, runId: run.runId });
    return run.people ? forPortal(spec, run.people) : spec;
  } catch (e) {
    if (e instanceof PopulationSpecError) throw new ConfigError('population spec', e.message, file);
    throw e;
  }
}

/** What a profile says of the portal's people (`people` of the profile). */
export interface PeopleOfProfile {
  roles: readonly string[];
  emailDomain?: string;
}

/**
 * The population a portal can hold: only the roles its profile declares (usagers always), with
 * e-mails at its domain. A portal without agents gets none, rather than agents that fail to seed.
 */
export function forPortal(spec: PopulationSpec, people: PeopleOfProfile): PopulationSpec {
  return {
    ...spec,
    representatives: people.roles.includes('representant') ? spec.representatives : 0,
    agentsPerMdph: people.roles.includes('agent') ? spec.agentsPerMdph : 0,
    ...(people.emailDomain ? { emailDomain: people.emailDomain } : {}),
  };
}

/** `/mdph/1` → `mdph[1]`; for unknown or missing properties, the property itself. */
function fieldOf(err: ErrorObject): string {
  const path = err.instancePath.slice(1).replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.');
  const name: unknown = err.params.additionalProperty ?? err.params.missingProperty;
  if (typeof name === 'string') return path ? `${path}.${name}` : name;
  return path || '(root)';
}
