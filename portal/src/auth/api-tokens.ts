import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FlawId } from '../flaws/catalog';
import { jwtUnverifiedClaims } from '../flaws/jwt-unverified';
import { variant } from '../flaws/seam';
import { hasRole, type User } from '../model';
import type { Repositories } from '../repositories';
import { claimsOf, decodeJwt, encodeJwtPart as encode, type ClaimsReader } from './jwt';

const TOKEN_LIFETIME_S = 15 * 60;

export interface ApiTokens {
  /** A JWT (HS256) for the person's programs (the mobile app, a tiers de confiance's software). */
  issue(user: User): string;
  /** The user of a request's `Authorization: Bearer` API token, when it is valid. */
  userOf(request: FastifyRequest): User | undefined;
}

/** HS256 and nothing else: the algorithm is the server's choice, never the token's. */
const verifiedClaims: ClaimsReader = (token, secret, now) => {
  const decoded = decodeJwt(token);
  if (!decoded || decoded.header.alg !== 'HS256') return undefined;
  const expected = createHmac('sha256', secret).update(decoded.signed).digest();
  const given = Buffer.from(decoded.signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return claimsOf(decoded.payload, now);
};

export function createApiTokens(repos: Repositories, flaws: ReadonlySet<FlawId>): ApiTokens {
  // One secret per start: tokens die with the process, which is what a reference portal needs.
  const secret = randomBytes(32);
  const readClaims = variant(flaws, verifiedClaims, { 'jwt-unverified': jwtUnverifiedClaims });
  return {
    issue(user) {
      const now = Math.floor(Date.now() / 1000);
      const signed = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: String(user.id), email: user.email, role: user.role, iat: now, exp: now + TOKEN_LIFETIME_S })}`;
      return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
    },
    userOf(request) {
      const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(request.headers.authorization ?? '');
      const claims = match?.[1] ? readClaims(match[1], secret, Math.floor(Date.now() / 1000)) : undefined;
      if (!claims || !/^[1-9][0-9]{0,14}$/.test(claims.sub)) return undefined;
      const account = repos.users.findById(Number(claims.sub));
      // A token issued before the role was revoked names an account no one may act as any more.
      return account && hasRole(account) ? account : undefined;
    },
  };
}
