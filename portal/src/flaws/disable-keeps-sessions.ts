import type { DisableAccount } from '../auth/account-lifecycle';

/**
 * FLAW disable-keeps-sessions (CWE-613): disabling an account only stops new sign-ins; the sessions
 * and refresh tokens it already holds keep working until they expire.
 */
export const disableKeepsSessions: DisableAccount = (repos, userId) => {
  repos.users.disable(userId);
};
