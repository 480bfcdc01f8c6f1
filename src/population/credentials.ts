import { createHmac } from 'node:crypto';
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

/**
 * Strong, reproducible password: HMAC-SHA256(seed, key). Reproducible so a later worker or a
 * re-run can log in without a shared secret store; anyone who knows the seed can derive it, so a
 * seed used against a shared environment must be treated as a secret.
 */
export function makePassword(seed: number, key: string): string {
  const mac = createHmac('sha256', `cloison-password-v1:${seed}`).update(key).digest();
  const pick = (alphabet: string, byte: number | undefined): string => alphabet[(byte ?? 0) % alphabet.length] ?? '';
  // 24 base64url chars (144 bits) plus one guaranteed character of each class for password policies.
  return mac.toString('base64url').slice(0, 24) + pick(UPPER, mac[24]) + pick(LOWER, mac[25]) + pick(DIGIT, mac[26]) + pick(SYMBOL, mac[27]);
}
