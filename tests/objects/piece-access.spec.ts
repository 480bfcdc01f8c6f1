import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { forEachPerson } from '../../src/checks/each-person';
import { verifyNeighbourIds, verifyObjectRoute } from '../../src/checks/object-access';

// Every route the profile declares for a single pièce (view, metadata, download, preview, file by name).
for (const route of plan.objectRoutes('piece')) {
  test.describe(`pièce ${route.action} through ${route.channel} ${route.path}`, () => {
    test('each usager\'s pièces reach that usager\'s audience only', async ({ run, identities, leakWatcher }) => {
      await forEachPerson(plan.usagers, (owner) => `${owner}'s pièces`, (owner) => verifyObjectRoute({ run, pool: identities, ledger: leakWatcher, route }, owner));
    });

    test('ids next to one\'s own answer nobody but their audience', async ({ run, identities, leakWatcher }) => {
      await verifyNeighbourIds({ run, pool: identities, ledger: leakWatcher, route });
    });
  });
}
