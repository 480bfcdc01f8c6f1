import { dirname, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { ConfigError } from '../errors';
import { placeholderUses, TRANSFORMS } from '../util/template';
import { CHECK_VALUES, knownBindings, requestsOf, templateStrings } from './bindings';
import { generatedValidator } from '../util/generated-validator';
import { readOnlyDeclaration } from './read-only';
import type { Profile } from './schema';
import { convertV1, isV1, v1Notice } from './v1';

const validateSchema = generatedValidator<Profile>(import.meta.url, './profile.validate.cjs');

/**
 * Validates a parsed profile; throws one ConfigError naming the first faulty field. A version 1
 * profile is converted first, and `notice` receives the one line that says so.
 */
export function validateProfile(value: unknown, source: string, notice: (line: string) => void = () => undefined): Profile {
  let profile = value;
  if (isV1(value)) {
    profile = convertV1(value as Record<string, unknown>);
    notice(v1Notice(source));
  }
  if (!validateSchema(profile)) {
    const errors = relevant(validateSchema.errors ?? []);
    const error = errors[0]!;
    throw new ConfigError(fieldName(error), describe(error, errors), source);
  }
  checkSemantics(profile, source);
  resolveFiles(profile, source);
  return profile;
}

/** The accounts file and the adapter are written relative to the profile; the rest of cloison gets absolute paths. */
function resolveFiles(profile: Profile, source: string): void {
  const base = dirname(resolve(source));
  const provisioning = profile.provisioning;
  if (provisioning.mode !== 'api' && provisioning.file) provisioning.file = resolve(base, provisioning.file);
  if (profile.adapter) profile.adapter = resolve(base, profile.adapter);
}

function checkSemantics(profile: Profile, source: string): void {
  const fail = (field: string, problem: string): never => {
    throw new ConfigError(field, problem, source);
  };
  const host = new URL(profile.baseURL).hostname;
  if (!profile.allowedHosts.includes(host)) fail('baseURL', `host "${host}" is not in allowedHosts (${profile.allowedHosts.join(', ')})`);
  const known = knownBindings(profile);
  const checkTemplate = (field: string, text: string, extra: readonly string[] = []): void => {
    for (const use of placeholderUses(text)) {
      const name = use.name.replace(/^(owner|represented)\./, '');
      if (!known.has(name) && !extra.includes(name)) fail(field, `uses unknown placeholder {${use.name}}`);
      const unknown = use.transforms.find((transform) => !(transform in TRANSFORMS));
      if (unknown) fail(field, `uses unknown transform |${unknown} (known: ${Object.keys(TRANSFORMS).join(', ')})`);
    }
  };
  for (const { field, request } of requestsOf(profile)) for (const part of templateStrings(request)) checkTemplate(`${field}.${part.field}`, part.text);
  for (const part of templateStrings(profile.auth.whoami)) checkTemplate(`auth.whoami.${part.field}`, part.text);
  if (profile.share) checkTemplate('share.open', profile.share.open);
  const names = new Set<string>();
  profile.routes.forEach((route, index) => {
    const field = `routes[${index}]`;
    const parts = templateStrings(route);
    for (const part of parts) checkTemplate(`${field}.${part.field}`, part.text, route.object === 'self' ? CHECK_VALUES : []);
    const used = new Set(parts.flatMap((part) => placeholderUses(part.text).map((use) => use.name)));
    if (route.object !== 'self' && used.size === 0) fail(`${field}.path`, `addresses a ${route.object} but has no id placeholder`);
    if (route.id !== undefined && !used.has(route.id)) fail(`${field}.id`, `names {${route.id}}, which the route's request does not use`);
    if (names.has(route.name)) fail(`${field}.name`, `"${route.name}" is used twice`);
    names.add(route.name);
    (route.roles ?? []).forEach((role, roleIndex) => {
      if (!profile.people.roles.includes(role)) fail(`${field}.roles[${roleIndex}]`, `"${role}" is not in people.roles`);
    });
  });
  for (const part of ['files', 'references', 'declared'] as const) {
    (profile.bindings?.[part] ?? []).forEach((name, index) => {
      if (!known.has(name)) fail(`bindings.${part}[${index}]`, `names {${name}}, which no request captures`);
    });
  }
  for (const write of profile.writes ?? []) names.add(write.name);
  for (const name of Object.keys(profile.policy.routes ?? {})) {
    if (!names.has(name)) fail(`policy.routes.${name}`, 'is not the name of a route or a write');
  }
  checkReadOnly(profile, fail);
  checkRoles(profile, fail);
  checkTeardown(profile, fail, checkTemplate);
  checkLifecycle(profile, fail, checkTemplate);
}

/** A teardown request is sent with what the run knows of the object: its bindings, its owner's as `owner.*`. */
function checkTeardown(profile: Profile, fail: (field: string, problem: string) => never, checkTemplate: (field: string, text: string) => void): void {
  for (const [kind, request] of Object.entries(profile.teardown ?? {})) {
    const field = `teardown.${kind}`;
    if (request.as === 'provisioning' && profile.provisioning.mode !== 'api') fail(`${field}.as`, `"provisioning" needs provisioning.mode "api" (its token); use "owner"`);
    for (const part of templateStrings(request)) checkTemplate(`${field}.${part.field}`, part.text);
  }
}

/** The value cloison gives a password change: the new password it chose. */
export const NEW_PASSWORD = 'newPassword';

/**
 * The lifecycle checks provision a throw-away usager for each action (so the people the other checks
 * use keep their sessions): that needs the provisioning API, whose token also sends the admin actions.
 */
function checkLifecycle(profile: Profile, fail: (field: string, problem: string) => never, checkTemplate: (field: string, text: string, extra?: readonly string[]) => void): void {
  const lifecycle = profile.lifecycle;
  if (!lifecycle) return;
  if (profile.provisioning.mode !== 'api') fail('lifecycle', `needs provisioning.mode "api": each action is tried on a throw-away usager the check provisions (this profile's mode is "${profile.provisioning.mode}")`);
  const refreshToken = lifecycle.refresh?.token;
  if (lifecycle.refresh && !Object.hasOwn(profile.auth.login.api?.capture ?? {}, lifecycle.refresh.token)) {
    fail('lifecycle.refresh.token', `names {${lifecycle.refresh.token}}, which auth.login.api.capture does not capture`);
  }
  const extras: Record<string, readonly string[]> = { passwordChange: [NEW_PASSWORD], refresh: refreshToken ? [refreshToken] : [] };
  for (const [action, declared] of Object.entries(lifecycle)) {
    if (!declared) continue;
    for (const part of templateStrings(declared.request)) checkTemplate(`lifecycle.${action}.request.${part.field}`, part.text, extras[action] ?? []);
  }
}

/**
 * A request declared read-only is replayed as other people: a GET needs no such word, and a
 * declared write (an upload, a deletion) must never get it, or discovery would send it as anyone.
 */
function checkReadOnly(profile: Profile, fail: (field: string, problem: string) => never): void {
  (profile.readOnly ?? []).forEach((entry, index) => {
    const field = `readOnly[${index}]`;
    if (/^(GET|HEAD)$/.test(entry.method)) fail(`${field}.method`, `"${entry.method}" always counts as read-only: list only methods that may write (POST, REPORT...)`);
    const write = (profile.writes ?? []).find((candidate) => readOnlyDeclaration({ routes: [], readOnly: [entry] }, { method: candidate.request.method, url: candidate.request.path.replace(/\{[^}]*\}/g, '1') }) !== undefined);
    if (write) fail(field, `matches write "${write.name}" (${write.request.method} ${write.request.path}): a write is never replayed as someone else`);
  });
}

/** Roles the portal has must be creatable; roles it lacks must not be asked for. */
function checkRoles(profile: Profile, fail: (field: string, problem: string) => never): void {
  const provisioning = profile.provisioning;
  if (provisioning.mode !== 'api' || profile.adapter) return;
  for (const role of ['representant', 'agent'] as const) {
    if (profile.people.roles.includes(role) && !provisioning[role]) fail(`provisioning.${role}`, `is required: people.roles has "${role}"`);
  }
}

/**
 * The errors that name the real problem: a union (`session`, `provisioning`) reports every
 * branch; the branches whose discriminant (`type`, `mode`) does not match are left out, then the
 * deepest path names the field.
 */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const wrongBranches = errors
    .filter((error) => error.keyword === 'const' && /\/anyOf\/\d+\/properties\/(type|mode)\/const$/.test(error.schemaPath))
    .map((error) => error.schemaPath.replace(/\/properties\/(type|mode)\/const$/, '/'));
  // `contains` reports each item that is not the one required: the array itself is the field.
  const kept = errors.filter(
    (error) => error.keyword !== 'anyOf' && !error.schemaPath.includes('/contains/') && !wrongBranches.some((prefix) => error.schemaPath.startsWith(prefix)),
  );
  const pool = kept.length > 0 ? kept : errors;
  return [...pool].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length);
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

function describe(error: ErrorObject, errors: ErrorObject[]): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'const': {
      // A union of literals reports one const per literal: together they are the allowed values.
      const allowed = errors.filter((other) => other.keyword === 'const' && other.instancePath === error.instancePath).map((other) => (other.params as { allowedValue: unknown }).allowedValue);
      return allowed.length > 1 ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : `must be ${JSON.stringify(allowed[0])}`;
    }
    case 'contains':
      return error.instancePath.startsWith('/people') ? 'must contain "usager"' : 'must contain "owner"';
    default:
      return error.message ?? 'is invalid';
  }
}
