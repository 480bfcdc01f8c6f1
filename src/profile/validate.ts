import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import schema from './profile.schema.json' with { type: 'json' };
import { ConfigError } from '../errors';
import type { Profile } from './types';

const ajv = new Ajv({ allErrors: false, strict: false });
const validateSchema = ajv.compile<Profile>(schema);

/** Placeholders a route may use beyond the object ids: bindings the population provides. */
const KNOWN_BINDINGS = new Set(['pieceId', 'dossierId', 'usagerId', 'dossierNumero', 'storedName', 'fileName']);

/** Validates a parsed profile; throws one ConfigError naming the first faulty field. */
export function validateProfile(value: unknown, source: string): Profile {
  if (!validateSchema(value)) {
    const error = mostSpecific(validateSchema.errors ?? []);
    throw new ConfigError(fieldName(error), describe(error), source);
  }
  checkSemantics(value, source);
  resolveFiles(value, source);
  return value;
}

/** The accounts file and the adapter are written relative to the profile; the rest of cloison gets absolute paths. */
function resolveFiles(profile: Profile, source: string): void {
  const base = dirname(resolve(source));
  const provisioning = profile.provisioning;
  if (provisioning.mode !== 'api' && provisioning.file) provisioning.file = resolve(base, provisioning.file);
  if (profile.adapter) profile.adapter = resolve(base, profile.adapter);
}

function checkSemantics(profile: Profile, source: string): void {
  const host = new URL(profile.baseURL).hostname;
  if (!profile.allowedHosts.includes(host)) {
    throw new ConfigError('baseURL', `host "${host}" is not in allowedHosts (${profile.allowedHosts.join(', ')})`, source);
  }
  const bindings = new Set([...KNOWN_BINDINGS, ...Object.values(profile.ids)]);
  profile.routes.forEach((route, index) => {
    for (const name of placeholders(route.path)) {
      const allowed = route.object === 'self' ? ['query', ...bindings] : [...bindings];
      if (!allowed.includes(name)) {
        throw new ConfigError(`routes[${index}].path`, `uses unknown placeholder {${name}}`, source);
      }
    }
    if (route.object !== 'self' && placeholders(route.path).length === 0) {
      throw new ConfigError(`routes[${index}].path`, `addresses a ${route.object} but has no id placeholder`, source);
    }
  });
  const names = new Set<string>();
  profile.routes.forEach((route, index) => {
    if (names.has(route.name)) throw new ConfigError(`routes[${index}].name`, `"${route.name}" is used twice`, source);
    names.add(route.name);
  });
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((match) => match[1] ?? '');
}

function mostSpecific(errors: ErrorObject[]): ErrorObject {
  // oneOf failures report the branch mismatch last; the deepest path names the real field.
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0] ?? errors[0]!;
}

function fieldName(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return path ? `${path}.${missing}` : missing;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return path ? `${path}.${extra}` : extra;
  }
  return path || '(profile)';
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return error.message ?? 'is invalid';
  }
}
