import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { verifyBackAfterLogoutShowsNothing } from '../../src/checks/sessions/back-button';
import { verifyPersonalAnswerNotStored } from '../../src/checks/sessions/no-store';
import { firstOfRole } from '../../src/checks/sessions/roles';
import { notApplicable, missingRole } from '../../src/checks/not-applicable';

// Every route of the profile answers with someone's data: none of it may be kept by a browser or a proxy.
for (const route of plan.profile.routes) {
  test(`personal answers of ${route.channel} ${route.path} are never stored`, async ({ run, identities, leakWatcher, browser, freshSessions }) => {
    await verifyPersonalAnswerNotStored({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, route);
  });
}

for (const role of ['usager', 'representant'] as const) {
  test(`on a shared computer, Back after the ${role} logged out shows nothing personal`, async ({ run, identities, leakWatcher, browser, freshSessions }) => {
    const absent = missingRole(run.profile, role);
    if (absent) return notApplicable(absent);
    await verifyBackAfterLogoutShowsNothing({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, firstOfRole(run, role));
  });
}
