import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { packageFile } from '../cli/package';
import { ConfigError } from '../errors';

/**
 * Every setting cloison reads from the environment (.env is loaded by playwright.config.ts),
 * validated in one place so a typo fails the run before any request, naming the variable.
 */
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
  /** Probe budget of the object checks (src/probes/budget.ts); unset: every probe is sent. */
  maxProbes?: number;
}

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    profileFile: text(env, 'CLOISON_PROFILE') ?? packageFile('profiles/reference-portal.json'),
    baseURLOverride: url(env, 'CLOISON_BASE_URL'),
    release: label(env, 'CLOISON_RELEASE') ?? 'unlabelled',
    seed: integer(env, 'CLOISON_SEED', 0, 2 ** 31 - 1) ?? 20221124,
    runId: runId(env) ?? newRunId(),
    extraAllowedHosts: list(env, 'CLOISON_ALLOWED_HOSTS'),
    populationFile: text(env, 'CLOISON_POPULATION') ?? packageFile('seeds/default.json'),
    accountsFile: text(env, 'CLOISON_ACCOUNTS'),
    reportDir: text(env, 'CLOISON_REPORT_DIR') ?? 'reports',
    historyFile: text(env, 'CLOISON_HISTORY_FILE'),
    port: integer(env, 'CLOISON_PORT', 1, 65535),
    workers: integer(env, 'CLOISON_WORKERS', 1, 64),
    flaws: text(env, 'PORTAL_FLAWS') ?? '',
    allowWrites: boolean(env, 'CLOISON_ALLOW_WRITES'),
    maxRequestsPerSecond: integer(env, 'CLOISON_MAX_RPS', 1, 10_000),
    maxConcurrency: integer(env, 'CLOISON_MAX_CONCURRENCY', 1, 256),
    maxProbes: integer(env, 'CLOISON_MAX_PROBES', 1, 10_000_000),
  };
}

/** CLOISON_HISTORY_FILE, or history.jsonl beside findings.json: a nightly job that keeps its
 * report folder (or points this at a cached path) accumulates one line per run. */
export function historyFile(reportDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return text(env, 'CLOISON_HISTORY_FILE') ?? join(reportDir, 'history.jsonl');
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

/** Run ids namespace seeded data (e-mails, canaries), so two runs on one portal never collide. */
export function newRunId(): string {
  return randomBytes(5).toString('hex').toUpperCase().slice(0, 8);
}

/** The hosts cloison may send a request to: loopback, plus what the user allowed explicitly. */
export function allowedHosts(profileHosts: string[], settings: Settings): string[] {
  const permitted = new Set([...LOOPBACK_HOSTS, ...settings.extraAllowedHosts]);
  return profileHosts.filter((host) => permitted.has(host));
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return Number(value);
}

function boolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (['1', 'true', 'yes'].includes(value)) return true;
  if (['0', 'false', 'no'].includes(value)) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

function url(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
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

function label(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = text(env, name);
  if (value !== undefined && !/^[\w.+-]{1,64}$/.test(value)) {
    throw new ConfigError(name, `must be 1-64 characters of letters, digits, . + - _ (got "${value}")`);
  }
  return value;
}

function runId(env: NodeJS.ProcessEnv): string | undefined {
  const value = text(env, 'CLOISON_RUN_ID');
  if (value !== undefined && !/^[A-Z0-9]{4,12}$/.test(value)) {
    throw new ConfigError('CLOISON_RUN_ID', `must be 4-12 characters A-Z 0-9 (got "${value}")`);
  }
  return value;
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (text(env, name) ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
