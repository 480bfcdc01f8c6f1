import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { jwtVariants, opaqueVariants, parseJwt, WEAK_SECRETS } from './jwt';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function hs256(payload: object, secret: string): string {
  const head = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

test('an opaque token is not a JWT and gets truncated and altered variants', () => {
  const token = 'kQ2xZ8n7Wv0aYb3c';
  expect(parseJwt(token)).toBeUndefined();
  const variants = opaqueVariants(token);
  expect(variants.map((variant) => variant.token)).toEqual(['kQ2xZ8n7Wv0a', 'kQ2xZ8n7Wv0aYb3A', 'AQ2xZ8n7Wv0aYb3c']);
  expect(variants.every((variant) => variant.token !== token)).toBe(true);
});

test('a JWT gets alg none, a re-addressed payload under its signature, an expired copy and weak-secret signatures', () => {
  const token = hs256({ sub: 12, email: 'owner@example.test', exp: 2_000_000_000 }, 'the-real-secret-nobody-guesses');
  const jwt = parseJwt(token)!;
  const swap = (value: string): string | undefined => ({ '12': '31', 'owner@example.test': 'victim@example.test' })[value];
  const variants = jwtVariants(jwt, swap, 1_700_000_000_000);
  const byName = Object.fromEntries(variants.map((variant) => [variant.name, variant]));
  const payloadOf = (value: string) => JSON.parse(Buffer.from(value.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const none = byName['alg none, victim as subject']!;
  expect(JSON.parse(Buffer.from(none.token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'none' });
  expect(none.token.endsWith('.')).toBe(true);
  expect(payloadOf(none.token)).toMatchObject({ sub: 31, email: 'victim@example.test' });
  const resigned = byName['victim as subject, original signature']!;
  expect(resigned.token.split('.')[2]).toBe(token.split('.')[2]);
  expect(payloadOf(byName['expired an hour ago, original signature']!.token).exp).toBe(1_700_000_000 - 3600);
  const weak = variants.filter((variant) => variant.check === 'jwt-weak-secret');
  expect(weak).toHaveLength(WEAK_SECRETS.length);
  // Each is a valid HS256 signature with its secret: a server using that secret would accept it.
  const [head, body, signature] = weak[0]!.token.split('.');
  expect(createHmac('sha256', WEAK_SECRETS[0]!).update(`${head}.${body}`).digest('base64url')).toBe(signature);
});

test('a JWT naming none of the owner\'s ids still gets a changed payload under its signature', () => {
  const jwt = parseJwt(hs256({ scope: 'read' }, 'x'))!;
  const variants = jwtVariants(jwt, () => undefined);
  expect(variants.some((variant) => variant.check === 'jwt-signature' && !variant.swapped)).toBe(true);
  expect(variants.every((variant) => !variant.swapped)).toBe(true);
});
