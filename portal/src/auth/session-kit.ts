import { randomBytes } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session, User } from '../model';
import type { Repositories } from '../repositories';
import type { LoadedSession } from '../repositories/sessions';

export const SESSION_COOKIE = 'sid';

/** 256 bits from the CSPRNG: session ids, CSRF tokens and share-link tokens cannot be guessed. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The attributes of the `sid` cookie for this request. */
export type CookiePolicy = (request: FastifyRequest) => CookieSerializeOptions;

/** What the sign-in and sign-out variants are built from. */
export interface SessionKit {
  sessions: Repositories['sessions'];
  issue(request: FastifyRequest, reply: FastifyReply, session: Session): void;
  clear(request: FastifyRequest, reply: FastifyReply): void;
}

export type SignIn = (kit: SessionKit, request: FastifyRequest, reply: FastifyReply, user: User) => Session;
export type SignOut = (kit: SessionKit, request: FastifyRequest, reply: FastifyReply) => void;

/** Who a loaded session acts as, for every route after the loader; told of each sign-in. */
export interface SessionActor {
  signedIn(session: Session, user: User): void;
  actorOf(found: LoadedSession): User | null;
}
