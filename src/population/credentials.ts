import { createHmac, randomBytes } from 'node:crypto';
import { slug } from '../artifacts/ascii';

export const DEFAULT_EMAIL_DOMAIN = 'example.test';

/**
 * `<prenom>.<nom>.<runid>.<key>@example.test`. The run id namespaces accounts so repeated runs
 * against one portal never collide; example.test is reserved (RFC 2606) so no mail can ever leave.
 * A portal that refuses that domain gets the one its profile names (`people.emailDomain`).
 */
export function makeEmail(prenom: string, nom: string, runId: string, key: string, domain = DEFAULT_EMAIL_DOMAIN): string {
  // Keeps the local part well under the 64-character limit whatever the names.
  const part = (s: string): string => slug(s).slice(0, 20).replace(/-+$/, '') || 'x';
  return `${part(prenom)}.${part(nom)}.${runId.toLowerCase()}.${key}@${domain}`;
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGIT = '23456789';
const SYMBOL = '!#%+=?@';

/** Environment variable holding the run's password key (the config puts it there, workers inherit it). */
export const PASSWORD_KEY_ENV = 'CLOISON_PASSWORD_KEY';

let drawn: string | undefined;

/**
 * The run's password key: the one this process inherited, else 32 random bytes drawn once (the
 * Playwright config draws it before workers start and hands it to them in their environment).
 * Never written to disk nor to any report. Passwords used to derive from the seed, which reports
 * publish: anyone reading a report could have signed in as every synthetic account.
 */
export function passwordKey(env: NodeJS.ProcessEnv = process.env): string {
  return env[PASSWORD_KEY_ENV] || (drawn ??= randomBytes(32).toString('base64url'));
}

/**
 * Strong password: HMAC-SHA256(run's password key, key). Reproducible within a run, so a worker
 * can sign a person in again without a shared secret store; unguessable from anything a report
 * holds (seed, run id, e-mails).
 */
export function makePassword(key: string, secret: string = passwordKey()): string {
  const mac = createHmac('sha256', `cloison-password-v2:${secret}`).update(key).digest();
  const pick = (alphabet: string, byte: number | undefined): string => alphabet[(byte ?? 0) % alphabet.length] ?? '';
  // 24 base64url chars (144 bits) plus one guaranteed character of each class for password policies.
  return mac.toString('base64url').slice(0, 24) + pick(UPPER, mac[24]) + pick(LOWER, mac[25]) + pick(DIGIT, mac[26]) + pick(SYMBOL, mac[27]);
}
