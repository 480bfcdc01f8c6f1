import { test } from '../../fixtures';
import { verifyLoginRotatesSession } from '../../src/checks/sessions/fixation';
import { firstOfRole, SESSION_ROLES } from '../../src/checks/sessions/roles';
import { markNotApplicable, missingRole } from '../../src/checks/not-applicable';

for (const role of SESSION_ROLES) {
  test(`a session id held before the ${role} logs in is not the signed-in one`, async ({ run, identities, leakWatcher, browser }) => {
    const notApplicable = missingRole(run.profile, role);
    if (notApplicable) return markNotApplicable(notApplicable);
    await verifyLoginRotatesSession({ run, pool: identities, ledger: leakWatcher, browser }, firstOfRole(run, role));
  });
}
