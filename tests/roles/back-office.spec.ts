import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { verifyRoleObjectRoute, verifyRoleSelfRoute } from '../../src/checks/roles-routes';

// Routes the profile reserves for some roles (an agent back office): the served audience reaches
// them, every other role is turned away, even on its own dossier.
for (const route of plan.roleRoutes()) {
  test.describe(`${route.action} for ${(route.roles ?? []).join('/')} through ${route.channel} ${route.path}`, () => {
    if (route.object === 'self') {
      for (const requester of [...plan.people(), undefined]) {
        test(`${requester ?? 'anonymous'} gets only what its role is served`, async ({ run, identities, leakWatcher }) => {
          await verifyRoleSelfRoute({ run, pool: identities, ledger: leakWatcher, route }, requester);
        });
      }
    } else {
      for (const owner of plan.usagers) {
        test(`only the served audience reaches ${owner}'s ${route.object}`, async ({ run, identities, leakWatcher }) => {
          await verifyRoleObjectRoute({ run, pool: identities, ledger: leakWatcher, route }, owner);
        });
      }
    }
  });
}
