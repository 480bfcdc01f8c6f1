import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { ConfigError } from '../errors';
import type { Profile } from '../profile/types';
import type { Settings } from '../settings/settings';
import { generatedValidator } from '../util/generated-validator';
import type { Account } from './accounts-schema';

const validateAccounts = generatedValidator<Account[]>(import.meta.url, './accounts.validate.cjs');
export type { Account };

/** The accounts file of this run, or undefined when the profile has none (api mode, ui mode without one). */
export function accountsFileOf(profile: Profile, settings: Pick<Settings, 'accountsFile'>): string | undefined {
  if (profile.provisioning.mode === 'api') return undefined;
  const file = settings.accountsFile ?? profile.provisioning.file;
  return file ? resolve(file) : undefined;
}

/**
 * Reads and validates a pre-provisioned accounts file. Every problem is one ConfigError naming the
 * file and the field (`accounts.json: [2].role must be one of ...`); a password is never quoted.
 */
export function readAccounts(file: string, usagerKeys: readonly string[] = []): Account[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError('(accounts)', `cannot be read as JSON: ${(error as Error).message.split('\n')[0] ?? ''}`, file);
  }
  if (!validateAccounts(parsed)) {
    const error = validateAccounts.errors?.[0];
    throw new ConfigError(error ? fieldOf(error) : '(accounts)', error ? describe(error) : 'is invalid', file);
  }
  const keys = new Set<string>();
  const usagers = new Set([...usagerKeys, ...parsed.filter((account) => account.role === 'usager').map((account) => account.key)]);
  parsed.forEach((account, index) => {
    if (keys.has(account.key)) throw new ConfigError(`[${index}].key`, `"${account.key}" is used twice`, file);
    keys.add(account.key);
    if (account.role === 'representant' && !account.represents) throw new ConfigError(`[${index}].represents`, 'is required for a representant', file);
    if (account.represents && !usagers.has(account.represents)) {
      throw new ConfigError(`[${index}].represents`, `names "${account.represents}", which is not a usager of this run`, file);
    }
    if (account.represents && account.role !== 'representant') throw new ConfigError(`[${index}].represents`, `is only for a representant (role is ${account.role})`, file);
  });
  return parsed;
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.slice(1).replace(/^(\d+)/, '[$1]').replaceAll('/', '.');
  const name: unknown = error.params.additionalProperty ?? error.params.missingProperty;
  if (typeof name === 'string') return path ? `${path}.${name}` : name;
  return path || '(accounts)';
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a known field';
  if (error.keyword === 'enum') return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  // Never echo the value: it may be a password.
  return error.message ?? 'is invalid';
}
