import type { SignOut } from '../auth/session-kit';

/**
 * FLAW logout-noop (CWE-613): logout only tells the browser to drop the cookie; the session row
 * stays valid on the server, so anyone holding the old sid is still signed in.
 */
export const logoutNoopSignOut: SignOut = (kit, request, reply) => {
  kit.clear(request, reply);
};
