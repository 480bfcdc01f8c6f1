import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../model';
import type { Repositories } from '../repositories';
import type { SessionService } from './sessions';

/** How long a refresh token renews a session ("rester connecté"). */
export const REFRESH_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** What a password change does to the person's sessions; the new password is stored already. */
export type AfterPasswordChange = (repos: Repositories, sessions: SessionService, request: FastifyRequest, reply: FastifyReply, user: User) => void;

/**
 * Whoever knew the old password may hold a session or a refresh token: all of them end, on every
 * device, and this browser alone is signed in again with a new session.
 */
export const endEverySession: AfterPasswordChange = (repos, sessions, request, reply, user) => {
  repos.sessions.removeByUser(user.id);
  repos.refreshTokens.removeByUser(user.id);
  request.session = null;
  sessions.signIn(request, reply, user);
};

/** What disabling an account does. */
export type DisableAccount = (repos: Repositories, userId: number) => void;

/** No new sign-in, and every session and refresh token already handed out ends now. */
export const disableAndEndSessions: DisableAccount = (repos, userId) => {
  repos.users.disable(userId);
  repos.sessions.removeByUser(userId);
  repos.refreshTokens.removeByUser(userId);
};

/** What taking an account's role away does. */
export type RevokeRole = (repos: Repositories, userId: number) => void;

/**
 * The account stays (its dossiers, its history, an administrator may give it a role again) but
 * acts as no one: every session and refresh token it holds ends now.
 */
export const revokeRoleAndEndSessions: RevokeRole = (repos, userId) => {
  repos.users.revokeRole(userId);
  repos.sessions.removeByUser(userId);
  repos.refreshTokens.removeByUser(userId);
};

/** The user a refresh token renews a session for, the token being used up. */
export type SpendRefreshToken = (repos: Repositories, token: string) => number | undefined;

/** Single use: a token stolen and replayed after its owner used it (or the reverse) renews nothing. */
export const spendOnce: SpendRefreshToken = (repos, token) => {
  const userId = repos.refreshTokens.userOf(token, Date.now() - REFRESH_LIFETIME_MS);
  if (userId !== undefined) repos.refreshTokens.remove(token);
  return userId;
};
