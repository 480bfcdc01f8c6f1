import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { forEachPerson } from '../../src/checks/each-person';
import { verifyNeighbourIds, verifyObjectRoute } from '../../src/checks/object-access';

// Every route the profile declares for a whole dossier (page, API, list of its pièces, ZIP export).
for (const route of plan.objectRoutes('dossier')) {
  test.describe(`dossier ${route.action} through ${route.channel} ${route.path}`, () => {
    test('each usager\'s dossier reaches that usager\'s audience only', async ({ run, identities, leakWatcher }) => {
      await forEachPerson(plan.usagers, (owner) => `${owner}'s dossier`, (owner) => verifyObjectRoute({ run, pool: identities, ledger: leakWatcher, route }, owner));
    });

    test('dossier ids next to one\'s own answer nobody but their audience', async ({ run, identities, leakWatcher }) => {
      await verifyNeighbourIds({ run, pool: identities, ledger: leakWatcher, route });
    });
  });
}
