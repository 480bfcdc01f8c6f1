import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../cli/package';
import { ConfigError } from '../errors';
import { generatedValidator } from '../util/generated-validator';
import type { Environment } from './environment-schema';

/**
 * The settings' schema is src/settings/environment-schema.ts (TypeBox). Every Playwright worker
 * reads its settings while loading the config, and importing TypeBox's 200 ES modules cost each
 * worker (one per failed test) about 0.4 s of CPU: the workers read the JSON Schema and run the
 * validator that `npm run schemas` generates from it instead (a self-test keeps both current).
 */
/** The run's settings, decoded from the environment with their defaults. */
export interface Settings {
  profileFile: string;
  baseURLOverride?: string;
  release: string;
  seed: number;
  runId: string;
  extraAllowedHosts: string[];
  populationFile: string;
  /** Pre-provisioned accounts file; overrides the profile's `provisioning.file`. */
  accountsFile?: string;
  reportDir: string;
  /** Where each run appends its line of history (src/report/history.ts): see historyFile(). */
  historyFile?: string;
  port?: number;
  workers?: number;
  flaws: string;
  /** Explicit CLOISON_ALLOW_WRITES; unset means "loopback only": see writesAllowed(). */
  allowWrites?: boolean;
  /** Ceilings for the whole run (all workers); unset means the default of the target: see probeLimits(). */
  maxRequestsPerSecond?: number;
  maxConcurrency?: number;
  /** Probe budget of the run, shared by every planned family (src/probes/budget.ts); unset: every probe is sent. */
  maxProbes?: number;
  /** Browser contexts open at once in each worker; unset: see browserContextLimit(). */
  browserContexts?: number;
  /** findings.json's path; unset: in the report folder. */
  findingsFile?: string;
  /** Accepted root causes a run is compared with (src/report/outputs.ts). */
  baseline?: string;
  /** A release's archived coverage.json; unset: the report folder's last one. */
  coverageBaseline?: string;
}

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];

let once: Settings | undefined;

/** This process's settings, read from its environment once; an explicit `env` is read afresh (tools, tests). */
export function readSettings(env?: NodeJS.ProcessEnv): Settings {
  if (env) return decode(validEnvironment(env));
  once ??= decode(validEnvironment(process.env));
  return once;
}

function decode(env: Environment): Settings {
  return {
    profileFile: env.CLOISON_PROFILE ?? packageFile('profiles/reference-portal.json'),
    baseURLOverride: env.CLOISON_BASE_URL,
    release: env.CLOISON_RELEASE ?? 'unlabelled',
    seed: env.CLOISON_SEED ?? 20221124,
    runId: env.CLOISON_RUN_ID ?? newRunId(),
    extraAllowedHosts: (env.CLOISON_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
    populationFile: env.CLOISON_POPULATION ?? packageFile('seeds/default.json'),
    accountsFile: env.CLOISON_ACCOUNTS,
    reportDir: env.CLOISON_REPORT_DIR ?? 'reports',
    historyFile: env.CLOISON_HISTORY_FILE,
    port: env.CLOISON_PORT,
    workers: env.CLOISON_WORKERS,
    flaws: env.PORTAL_FLAWS ?? '',
    allowWrites: env.CLOISON_ALLOW_WRITES,
    maxRequestsPerSecond: env.CLOISON_MAX_RPS,
    maxConcurrency: env.CLOISON_MAX_CONCURRENCY,
    maxProbes: env.CLOISON_MAX_PROBES,
    browserContexts: env.CLOISON_BROWSER_CONTEXTS,
    findingsFile: env.CLOISON_FINDINGS_FILE?.trim() || undefined,
    baseline: env.CLOISON_BASELINE?.trim() || undefined,
    coverageBaseline: env.CLOISON_COVERAGE_BASELINE?.trim() || undefined,
  };
}

/** CLOISON_HISTORY_FILE, or history.jsonl beside findings.json: a nightly job that keeps its
 * report folder (or points this at a cached path) accumulates one line per run. */
export function historyFile(reportDir: string, configured: string | undefined = readSettings().historyFile): string {
  return configured?.trim() || join(reportDir, 'history.jsonl');
}

export function isLoopback(baseURL: string): boolean {
  return LOOPBACK_HOSTS.includes(new URL(baseURL).hostname);
}

/** Writes (uploads, renames, deletes) are allowed on loopback; elsewhere only when said so. */
export function writesAllowed(settings: Settings, baseURL: string): boolean {
  return settings.allowWrites ?? isLoopback(baseURL);
}

/** Run-wide ceilings; 0 means unlimited. Conservative for anything but loopback (a real recette). */
export function probeLimits(settings: Settings, baseURL: string): { requestsPerSecond: number; concurrency: number } {
  const loopback = isLoopback(baseURL);
  return {
    requestsPerSecond: settings.maxRequestsPerSecond ?? (loopback ? 0 : 5),
    concurrency: settings.maxConcurrency ?? (loopback ? 0 : 2),
  };
}

/**
 * Each open browser context is a Chromium renderer of tens of MB; one per identity made a worker's
 * memory grow with the population. The default covers a check's attackers (one of each forbidden
 * relationship class) and its audience, so a check rarely reopens one.
 */
export function browserContextLimit(settings: Settings): number {
  return settings.browserContexts ?? 8;
}

/** Run ids namespace seeded data (e-mails, canaries), so two runs on one portal never collide. */
export function newRunId(): string {
  return randomBytes(5).toString('hex').toUpperCase().slice(0, 8);
}

/** The hosts cloison may send a request to: loopback, plus what the user allowed explicitly. */
export function allowedHosts(profileHosts: string[], settings: Settings): string[] {
  const permitted = new Set([...LOOPBACK_HOSTS, ...settings.extraAllowedHosts]);
  return profileHosts.filter((host) => permitted.has(host));
}

const check = generatedValidator<Environment>(import.meta.url, './environment.validate.cjs');

/** A property of the environment's schema, as the generated JSON Schema holds it. */
interface VariableSchema {
  type: 'string' | 'integer' | 'boolean';
  minimum?: number;
  maximum?: number;
  message?: string;
}

let variables: Record<string, VariableSchema> | undefined;

/** The environment schema's properties, from environment.schema.json (generated, read once). */
function environmentVariables(): Record<string, VariableSchema> {
  variables ??= (JSON.parse(readFileSync(new URL('./environment.schema.json', import.meta.url), 'utf8')) as { properties: Record<string, VariableSchema> }).properties;
  return variables;
}

/**
 * The environment's values as the schema types them: empty means unset; integers and booleans are
 * read from their text as env-schema does (`1`/`true`/`yes`, `0`/`false`/`no`), and what does not
 * read stays text, so the schema refuses it naming the variable.
 */
function validEnvironment(env: NodeJS.ProcessEnv): Environment {
  const raw: Record<string, string> = {};
  const typed: Record<string, unknown> = {};
  const properties = environmentVariables();
  for (const [name, schema] of Object.entries(properties)) {
    const value = env[name]?.trim();
    if (!value) continue;
    raw[name] = value;
    typed[name] = typedValue(schema, value);
  }
  if (!check(typed)) {
    const error = check.errors?.[0];
    const name = error?.instancePath.slice(1) ?? '';
    const schema = properties[name];
    throw new ConfigError(name, `${schema ? messageOf(schema) : (error?.message ?? 'is not valid')} (got "${raw[name]}")`);
  }
  if (typed.CLOISON_BASE_URL !== undefined) typed.CLOISON_BASE_URL = httpOrigin('CLOISON_BASE_URL', raw.CLOISON_BASE_URL ?? '');
  return typed;
}

function typedValue(schema: VariableSchema, value: string): unknown {
  if (schema.type === 'integer') return /^\d+$/.test(value) ? Number(value) : value;
  if (schema.type === 'boolean') {
    const lower = value.toLowerCase();
    if (['1', 'true', 'yes'].includes(lower)) return true;
    if (['0', 'false', 'no'].includes(lower)) return false;
  }
  return value;
}

function messageOf(schema: VariableSchema): string {
  if (schema.message !== undefined) return schema.message;
  if (schema.type === 'integer') return `must be an integer from ${String(schema.minimum)} to ${String(schema.maximum)}`;
  if (schema.type === 'boolean') return 'must be true or false';
  return 'is not valid';
}

/** CLOISON_BASE_URL: an absolute http(s) URL, kept as its origin (two messages, so a function, not a pattern). */
function httpOrigin(name: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be an absolute http(s) URL (got "${value}")`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(name, `must use http or https (got "${parsed.protocol}")`);
  }
  return parsed.origin;
}
