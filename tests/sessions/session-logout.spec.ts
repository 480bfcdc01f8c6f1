import { test } from '../../fixtures';
import { verifyLogoutEndsSession } from '../../src/checks/sessions/logout';
import { firstOfRole, SESSION_ROLES } from '../../src/checks/sessions/roles';
import { notApplicable, missingRole } from '../../src/checks/not-applicable';

// One person of each role: the session mechanism is shared, but each role has its own home and login answer.
for (const role of SESSION_ROLES) {
  test(`after logout, the ${role}'s session cookie or token opens nothing`, async ({ run, identities, leakWatcher, browser, freshSessions }) => {
    const absent = missingRole(run.profile, role);
    if (absent) return notApplicable(absent);
    await verifyLogoutEndsSession({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, firstOfRole(run, role));
  });
}
