import { test } from '../../fixtures';
import { verifySessionCookieFlags } from '../../src/checks/sessions/cookie-flags';
import { firstOfRole } from '../../src/checks/sessions/roles';

test('the session cookie set at login is HttpOnly, SameSite, and Secure over HTTPS', async ({ run, identities, leakWatcher, browser, freshSessions }) => {
  await verifySessionCookieFlags({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, firstOfRole(run, 'usager'));
});
