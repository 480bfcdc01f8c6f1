import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { verifyShareAudience, verifyShareDiesAtLogout, verifyShareExpiry, verifyShareRevocation } from '../../src/checks/sessions/share-links';
import { notApplicable } from '../../src/checks/not-applicable';

// Declared when the profile has share links at all; a profile that has them must say how they end.
const owner = plan.usagers[0];
if (plan.profile.share && owner) {
  test.describe(`share links of ${owner}'s pièce`, () => {
    test('open for the owner\'s audience only', async ({ run, identities, leakWatcher, browser, freshSessions }) => {
      await verifyShareAudience({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, owner);
    });

    test('expire', async ({ run, identities, leakWatcher, browser, freshSessions }) => {
      const share = run.profile.share;
      if (share?.ttlSeconds === undefined && share?.create.capture?.expiresAt === undefined) {
        return notApplicable('share.ttlSeconds and share.create.capture.expiresAt are not declared: the portal\'s links do not expire');
      }
      await verifyShareExpiry({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, owner);
    });

    test('die when revoked', async ({ run, identities, leakWatcher, browser, freshSessions }) => {
      if (!run.profile.share?.revoke) return notApplicable('share.revoke is not declared: the portal\'s links cannot be revoked');
      await verifyShareRevocation({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, owner);
    });

    test('die when their creator logs out', async ({ run, identities, leakWatcher, browser, freshSessions }) => {
      await verifyShareDiesAtLogout({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions }, owner);
    });
  });
}
