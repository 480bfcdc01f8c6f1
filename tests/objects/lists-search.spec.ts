import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { forEachPerson } from '../../src/checks/each-person';
import { verifySelfRoute } from '../../src/checks/self-access';

// Lists, searches and home pages answer about the caller: filters and search terms aimed at
// someone else must not widen them.
for (const route of plan.selfRoutes()) {
  test.describe(`${route.action} through ${route.channel} ${route.path}`, () => {
    test('everyone, anonymous included, sees nothing of anyone else\'s', async ({ run, identities, leakWatcher }) => {
      await forEachPerson([...plan.people(), undefined], (requester) => `as ${requester ?? 'anonymous'}`, (requester) => verifySelfRoute({ run, pool: identities, ledger: leakWatcher, route }, requester));
    });
  });
}
