import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors';
import type { Profile } from './types';
import { validateProfile } from './validate';

/** Reads and validates a profile file; every problem is a ConfigError naming file and field. */
export function loadProfile(file: string): Profile {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError('CLOISON_PROFILE', `names a file that cannot be read: ${path}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('(json)', `is not valid JSON: ${(error as Error).message}`, file);
  }
  return validateProfile(parsed, file, notifyOnce);
}

const notified = new Set<string>();

/** The v1 notice is printed once per process, however often the profile is read. */
function notifyOnce(line: string): void {
  if (notified.has(line)) return;
  notified.add(line);
  process.stderr.write(`${line}\n`);
}
