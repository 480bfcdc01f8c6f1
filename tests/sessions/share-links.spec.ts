import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { verifyShareAudience, verifyShareDiesAtLogout, verifyShareExpiry, verifyShareRevocation } from '../../src/checks/sessions/share-links';

// Declared when the profile has share links at all; a profile that has them must say how they end.
const owner = plan.usagers[0];
if (plan.profile.share && owner) {
  test.describe(`share links of ${owner}'s pièce`, () => {
    test('open for the owner\'s audience only', async ({ run, identities, leakWatcher, browser }) => {
      await verifyShareAudience({ run, pool: identities, ledger: leakWatcher, browser }, owner);
    });

    test('expire', async ({ run, identities, leakWatcher, browser }) => {
      await verifyShareExpiry({ run, pool: identities, ledger: leakWatcher, browser }, owner);
    });

    test('die when revoked', async ({ run, identities, leakWatcher, browser }) => {
      await verifyShareRevocation({ run, pool: identities, ledger: leakWatcher, browser }, owner);
    });

    test('die when their creator logs out', async ({ run, identities, leakWatcher, browser }) => {
      await verifyShareDiesAtLogout({ run, pool: identities, ledger: leakWatcher, browser }, owner);
    });
  });
}
