import { newToken, SESSION_COOKIE, type SignIn } from '../auth/session-kit';

/**
 * FLAW session-fixation (CWE-384): login authenticates the session id the browser arrived with,
 * and even adopts an unknown id from the cookie, so an id planted before login is signed in after.
 */
export const sessionFixationSignIn: SignIn = (kit, request, reply, user) => {
  if (request.session) {
    kit.sessions.setUser(request.session.id, user.id);
    return { ...request.session, user_id: user.id };
  }
  const planted = request.cookies[SESSION_COOKIE];
  const session = kit.sessions.create(planted && planted.length <= 128 ? planted : newToken(), user.id, newToken());
  kit.issue(request, reply, session);
  return session;
};
