import { test } from '../../fixtures';
import { verifyLoginRotatesSession, verifyLoginsGetDistinctSessions } from '../../src/checks/sessions/fixation';
import { firstOfRole, SESSION_ROLES } from '../../src/checks/sessions/roles';
import { notApplicable, missingRole } from '../../src/checks/not-applicable';

for (const role of SESSION_ROLES) {
  test(`a session id held before the ${role} logs in is not the signed-in one`, async ({ run, identities, leakWatcher, browser, freshSessions }) => {
    const absent = missingRole(run.profile, role);
    if (absent) return notApplicable(absent);
    await verifyLoginRotatesSession({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, firstOfRole(run, role));
  });
}

// The session mechanism is one for every role: one person proves each login gets its own.
test('two logins of one person receive two different sessions', async ({ run, identities, leakWatcher, browser, freshSessions }) => {
  await verifyLoginsGetDistinctSessions({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, firstOfRole(run, 'usager'));
});
