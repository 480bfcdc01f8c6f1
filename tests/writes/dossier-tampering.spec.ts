import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { verifyWriteSide } from '../../src/checks/writes/write-side';

const routes = plan.writeRoutes();

// The victims' dossiers are shared by the writes of every test here (a mass-assignment probe lands
// in the attacker's own dossier): in order, in one worker, so each victim's pièce count is its own.
// Unlike `serial`, a failing test does not skip the next victims.
test.describe.configure({ mode: 'default' });

if (routes.length === 0 && !process.env.TEST_WORKER_INDEX) {
  // Not a pass: the write side is simply not part of this run, and the run output says so.
  console.warn(
    `cloison: write side NOT probed (${(plan.profile.writes ?? []).length === 0 ? `profile ${plan.profile.name} declares no write routes` : 'writes are not allowed on this target (CLOISON_ALLOW_WRITES, default: loopback only)'}): ` +
      'nobody proved that uploads, renames, overwrites and deletes of another user\'s pièces are refused.',
  );
}

if (routes.length > 0) {
  test.describe(`write side through ${routes.map((route) => `${route.request.method} ${route.request.path}`).join(', ')}`, () => {
    for (const victim of plan.usagers) {
      test(`only ${victim}'s writers upload into, rename, overwrite or delete ${victim}'s pièces, and none are lost`, async ({ run, identities, leakWatcher }) => {
        await verifyWriteSide({ run, pool: identities, ledger: leakWatcher, routes }, victim);
      });
    }
  });
}
