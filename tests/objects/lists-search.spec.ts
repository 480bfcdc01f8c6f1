import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { verifySelfRoute } from '../../src/checks/self-access';

// Lists, searches and home pages answer about the caller: filters and search terms aimed at
// someone else must not widen them.
for (const route of plan.selfRoutes()) {
  test.describe(`${route.action} through ${route.channel} ${route.path}`, () => {
    for (const requester of [...plan.people(), undefined]) {
      test(`${requester ?? 'anonymous'} sees nothing of anyone else's`, async ({ run, identities, leakWatcher }) => {
        await verifySelfRoute({ run, pool: identities, ledger: leakWatcher, route }, requester);
      });
    }
  });
}
