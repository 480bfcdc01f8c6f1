import { createHmac } from 'node:crypto';

/**
 * Tampered variants of a session token. A JWT is only as good as the server's check of it: an
 * unsigned one (`alg: none`), a changed payload under the original signature, an expired one, or
 * one signed with a secret from every tutorial must all be refused. An opaque token cut short or
 * with one character changed must be refused too (a prefix match or a lax decoder lets it in).
 */
export interface TokenVariant {
  /** The check it belongs to (`jwt-alg-none`…) and what was done, for coverage and findings. */
  check: string;
  name: string;
  token: string;
  /** True when the payload names the victim instead of the token's owner. */
  swapped: boolean;
}

/** Secrets found in tutorials, framework defaults and leaked configs: enough to catch the careless. */
export const WEAK_SECRETS: readonly string[] = ['secret', 'changeme', 'password', 'jwt-secret', 'your-256-bit-secret', 'secretkey', 'default', 'key', '123456', 'test'];

export interface Jwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

export function parseJwt(token: string): Jwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature = ''] = parts;
  const decode = (part: string | undefined): Record<string, unknown> | undefined => {
    try {
      const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const decodedHeader = decode(header);
  const decodedPayload = decode(payload);
  if (!decodedHeader || !decodedPayload || typeof decodedHeader.alg !== 'string') return undefined;
  return { header: decodedHeader, payload: decodedPayload, signature };
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function signHs256(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const head = encode({ ...header, alg: 'HS256' });
  const body = encode(payload);
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}

/**
 * The claims that hold one of the owner's identifiers, set to the victim's: `{ sub: 12 }` becomes
 * `{ sub: 31 }`. Returns undefined when no claim holds one (nothing to swap).
 */
export function swapClaims(payload: Record<string, unknown>, swap: (value: string) => string | undefined): Record<string, unknown> | undefined {
  let swapped = false;
  const out: Record<string, unknown> = {};
  for (const [claim, value] of Object.entries(payload)) {
    const replacement = typeof value === 'string' || typeof value === 'number' ? swap(String(value)) : undefined;
    if (replacement === undefined) out[claim] = value;
    else {
      swapped = true;
      out[claim] = typeof value === 'number' && /^\d+$/.test(replacement) ? Number(replacement) : replacement;
    }
  }
  return swapped ? out : undefined;
}

export function jwtVariants(jwt: Jwt, swap: (value: string) => string | undefined, now = Date.now()): TokenVariant[] {
  const [head = '', body = ''] = [encode(jwt.header), encode(jwt.payload)];
  const swappedPayload = swapClaims(jwt.payload, swap);
  const payload = swappedPayload ?? jwt.payload;
  const swapped = swappedPayload !== undefined;
  const variants: TokenVariant[] = [
    { check: 'jwt-alg-none', name: 'alg none, own payload', token: `${encode({ ...jwt.header, alg: 'none' })}.${body}.`, swapped: false },
    { check: 'jwt-expired', name: 'expired an hour ago, original signature', token: `${head}.${encode({ ...jwt.payload, exp: Math.floor(now / 1000) - 3600 })}.${jwt.signature}`, swapped: false },
  ];
  if (swapped) {
    variants.push(
      { check: 'jwt-alg-none', name: 'alg none, victim as subject', token: `${encode({ ...jwt.header, alg: 'none' })}.${encode(payload)}.`, swapped },
      { check: 'jwt-signature', name: 'victim as subject, original signature', token: `${head}.${encode(payload)}.${jwt.signature}`, swapped },
    );
  } else {
    variants.push({ check: 'jwt-signature', name: 'payload changed, original signature', token: `${head}.${encode({ ...jwt.payload, cloison: 1 })}.${jwt.signature}`, swapped: false });
  }
  if (typeof jwt.header.alg === 'string' && jwt.header.alg.startsWith('HS')) {
    WEAK_SECRETS.forEach((secret, index) => variants.push({ check: 'jwt-weak-secret', name: `HS256 with well-known secret #${index + 1}`, token: signHs256(jwt.header, payload, secret), swapped }));
  }
  return variants;
}

/** An opaque token cut short or with one character changed: the server must not match loosely. */
export function opaqueVariants(token: string): TokenVariant[] {
  const flip = (char: string): string => (char === 'A' ? 'B' : 'A');
  return [
    { check: 'tampered-token', name: 'truncated by 4 characters', token: token.slice(0, Math.max(1, token.length - 4)), swapped: false },
    { check: 'tampered-token', name: 'last character changed', token: `${token.slice(0, -1)}${flip(token.at(-1) ?? '')}`, swapped: false },
    { check: 'tampered-token', name: 'first character changed', token: `${flip(token[0] ?? '')}${token.slice(1)}`, swapped: false },
  ];
}
