import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../run/target';

/** Where the fingerprints of profiles that passed the doctor are kept, in the user's folder. */
const DOCTOR_DIR = join('.cloison', 'doctor');

/**
 * What the doctor checked: the profile as written, its adapter's code and the portal it was
 * checked against when not its own (CLOISON_BASE_URL). A port or flaw switch of the embedded
 * portal does not change it: the matrix runs the doctor once per profile.
 */
export function profileFingerprint(target: Target): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(target.settings.profileFile));
  if (target.profile.adapter && existsSync(target.profile.adapter)) hash.update(readFileSync(target.profile.adapter));
  hash.update(`\n${target.settings.baseURLOverride ?? ''}`);
  return hash.digest('hex');
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
