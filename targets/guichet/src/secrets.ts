import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** scrypt hashes `salt$hash`, both base64url. */
export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('base64url')}$${scryptSync(secret, salt, 32).toString('base64url')}`;
}

export function secretMatches(secret: string, stored: string): boolean {
  const [salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** Tokens are opaque random strings; only their SHA-256 is stored, so a database dump opens nothing. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Case references are opaque: 12 random bytes, nothing sequential to walk. */
export function newCaseRef(): string {
  return `cs_${randomBytes(12).toString('base64url')}`;
}
