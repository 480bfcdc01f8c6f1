import type { AfterPasswordChange } from '../auth/account-lifecycle';

/**
 * FLAW password-change-keeps-sessions (CWE-613): changing the password rotates the session of the
 * browser that changed it, and nothing else: a session opened elsewhere with the old password (a
 * stolen cookie, a forgotten computer) and the refresh tokens handed out before stay valid.
 */
export const passwordChangeKeepsSessions: AfterPasswordChange = (_repos, sessions, request, reply, user) => {
  sessions.signIn(request, reply, user);
};
