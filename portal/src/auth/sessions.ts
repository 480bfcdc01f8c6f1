import type { FastifyReply, FastifyRequest } from 'fastify';
import { accessTokenQuerySessionId } from '../flaws/access-token-query';
import { cookieFlagsPolicy } from '../flaws/cookie-flags';
import { logoutNoopSignOut } from '../flaws/logout-noop';
import { variant } from '../flaws/seam';
import { sessionFixationSignIn } from '../flaws/session-fixation';
import type { FlawId } from '../flaws/catalog';
import type { ApiTokens } from './api-tokens';
import { hasRole, type Session, type User } from '../model';
import type { Repositories } from '../repositories';
import { revokeKeepsSessionsActor } from '../flaws/revoke-keeps-sessions';
import { newToken, SESSION_COOKIE, type CookiePolicy, type SessionActor, type SessionKit, type SignIn, type SignOut } from './session-kit';

const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

/** HttpOnly keeps the id away from scripts, SameSite=Lax away from cross-site posts. */
const secureCookiePolicy: CookiePolicy = (request) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  secure: request.protocol === 'https',
});

/** A new id at login, the pre-login one deleted: an id planted or seen before login is worthless after. */
const rotatingSignIn: SignIn = (kit, request, reply, user) => {
  if (request.session) kit.sessions.remove(request.session.id);
  const session = kit.sessions.create(newToken(), user.id, newToken());
  kit.issue(request, reply, session);
  return session;
};

/** The server forgets the session, so a copied cookie, a cached page's replay or a back button gets nothing. */
const destroyingSignOut: SignOut = (kit, request, reply) => {
  if (request.session) kit.sessions.remove(request.session.id);
  kit.clear(request, reply);
};

/**
 * The account as it is now, read at every request, so nothing is remembered at sign-in: an account
 * whose role was revoked is no one's session user, even through a session the revocation missed.
 */
const currentAccount: SessionActor = {
  signedIn: () => undefined,
  actorOf: ({ user }) => (user && hasRole(user) ? user : null),
};

/** Where a request carries its session id. */
export type SessionIdOf = (request: FastifyRequest) => string | undefined;

/** The cookie only: an id in a URL ends up in logs, caches, history and Referer headers. */
const cookieSessionId: SessionIdOf = (request) => request.cookies[SESSION_COOKIE];

export interface SessionService {
  /** onRequest hook: attaches the session named by the cookie (or the API token's user), to the request. */
  load(request: FastifyRequest): void;
  /** The request's session, creating an anonymous one (for the CSRF token of the login form). */
  ensure(request: FastifyRequest, reply: FastifyReply): Session;
  signIn(request: FastifyRequest, reply: FastifyReply, user: User): void;
  signOut(request: FastifyRequest, reply: FastifyReply): void;
}

export function createSessionService(repos: Repositories, flaws: ReadonlySet<FlawId>, apiTokens: ApiTokens): SessionService {
  const cookiePolicy = variant(flaws, secureCookiePolicy, { 'cookie-flags': cookieFlagsPolicy });
  const signIn = variant(flaws, rotatingSignIn, { 'session-fixation': sessionFixationSignIn });
  const signOut = variant(flaws, destroyingSignOut, { 'logout-noop': logoutNoopSignOut });
  const sessionIdOf = variant(flaws, cookieSessionId, { 'access-token-query': accessTokenQuerySessionId });
  const actor = variant(flaws, currentAccount, { 'revoke-keeps-sessions': revokeKeepsSessionsActor(currentAccount) });
  const kit: SessionKit = {
    sessions: repos.sessions,
    issue: (request, reply, session) => void reply.setCookie(SESSION_COOKIE, session.id, cookiePolicy(request)),
    clear: (request, reply) => void reply.clearCookie(SESSION_COOKIE, cookiePolicy(request)),
  };
  return {
    load(request) {
      const id = sessionIdOf(request);
      // A program holds an API token, not a session: no session, so no CSRF token either.
      if (!id && request.headers.authorization !== undefined) {
        request.user = apiTokens.userOf(request) ?? null;
        return;
      }
      if (!id || id.length > 128) return;
      const found = repos.sessions.find(id, Date.now() - SESSION_LIFETIME_MS);
      request.session = found?.session ?? null;
      request.user = found ? actor.actorOf(found) : null;
    },
    ensure(request, reply) {
      if (request.session) return request.session;
      const session = repos.sessions.create(newToken(), null, newToken());
      kit.issue(request, reply, session);
      request.session = session;
      return session;
    },
    signIn(request, reply, user) {
      request.session = signIn(kit, request, reply, user);
      actor.signedIn(request.session, user);
      request.user = user;
    },
    signOut(request, reply) {
      signOut(kit, request, reply);
      request.session = null;
      request.user = null;
    },
  };
}
