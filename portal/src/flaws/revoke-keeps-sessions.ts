import type { RevokeRole } from '../auth/account-lifecycle';
import type { SessionActor } from '../auth/session-kit';
import type { Role } from '../model';

/**
 * FLAW revoke-keeps-sessions (CWE-613, CWE-285): sign-in copies the account's role into the
 * session's data (kept in the process, as express-session's memory store keeps
 * `req.session.role`), and the loader acts with that copy to spare a lookup. Revoking the role
 * changes the account only, counting on the role check every route makes: a session opened before
 * keeps the role it was opened with, and reads the account's documents until it expires.
 */
export const revokeKeepsSessions: RevokeRole = (repos, userId) => {
  repos.users.revokeRole(userId);
};

/** The loader's half: the role copied at sign-in wins over the account's role of now. */
export function revokeKeepsSessionsActor(secure: SessionActor): SessionActor {
  const roles = new Map<string, Role>();
  return {
    signedIn: (session, user) => void roles.set(session.id, user.role),
    actorOf(found) {
      const role = roles.get(found.session.id);
      // A session opened before the portal started has no copy: the account's role decides.
      return found.user && role ? { ...found.user, role } : secure.actorOf(found);
    },
  };
}
