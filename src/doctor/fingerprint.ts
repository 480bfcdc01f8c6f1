import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Settings } from '../settings/settings';

/** Where the fingerprints of profiles that passed the doctor are kept, in the user's folder. */
const DOCTOR_DIR = join('.cloison', 'doctor');

/**
 * What the doctor checked: the profile as written, its adapter's code and the portal it was
 * checked against when not its own (CLOISON_BASE_URL). A port or flaw switch of the embedded
 * portal does not change it: the matrix runs the doctor once per profile. Read without
 * validating the profile (the scan's config does that): a scan whose profile passed pays only this.
 */
export function profileFingerprint(settings: Pick<Settings, 'profileFile' | 'baseURLOverride'>): string {
  const hash = createHash('sha256');
  const text = readFileSync(settings.profileFile);
  hash.update(text);
  const adapter = adapterOf(text.toString('utf8'));
  const adapterFile = adapter === undefined ? undefined : resolve(dirname(resolve(settings.profileFile)), adapter);
  if (adapterFile && existsSync(adapterFile)) hash.update(readFileSync(adapterFile));
  hash.update(`\n${settings.baseURLOverride ?? ''}`);
  return hash.digest('hex');
}

function adapterOf(text: string): string | undefined {
  try {
    const adapter = (JSON.parse(text) as { adapter?: unknown }).adapter;
    return typeof adapter === 'string' ? adapter : undefined;
  } catch {
    return undefined;
  }
}

export function passedDoctor(fingerprint: string): boolean {
  return existsSync(join(DOCTOR_DIR, fingerprint));
}

/** Remembers a fingerprint that passed (one empty file each: parallel scans never clash). */
export function rememberPassed(fingerprint: string): void {
  mkdirSync(DOCTOR_DIR, { recursive: true });
  const temporary = join(DOCTOR_DIR, `${fingerprint}.${process.pid}.tmp`);
  writeFileSync(temporary, `${new Date().toISOString()}\n`);
  renameSync(temporary, join(DOCTOR_DIR, fingerprint));
}
