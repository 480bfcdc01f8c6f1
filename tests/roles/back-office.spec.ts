import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { forEachPerson } from '../../src/checks/each-person';
import { verifyRoleObjectRoute, verifyRoleSelfRoute } from '../../src/checks/roles-routes';

// Routes the profile reserves for some roles (an agent back office): the served audience reaches
// them, every other role is turned away, even on its own dossier.
for (const route of plan.roleRoutes()) {
  test.describe(`${route.action} for ${(route.roles ?? []).join('/')} through ${route.channel} ${route.path}`, () => {
    if (route.object === 'self') {
      test('everyone, anonymous included, gets only what its role is served', async ({ run, identities, leakWatcher }) => {
        await forEachPerson([...plan.people(), undefined], (requester) => `as ${requester ?? 'anonymous'}`, (requester) => verifyRoleSelfRoute({ run, pool: identities, ledger: leakWatcher, route }, requester));
      });
    } else {
      test(`each usager's ${route.object} reaches only its served audience`, async ({ run, identities, leakWatcher }) => {
        await forEachPerson(plan.usagers, (owner) => `${owner}'s ${route.object}`, (owner) => verifyRoleObjectRoute({ run, pool: identities, ledger: leakWatcher, route }, owner));
      });
    }
  });
}
