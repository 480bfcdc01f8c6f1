import { expect, test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { notApplicable } from '../../src/checks/not-applicable';
import { AttackCoverage } from '../../src/attacks/coverage';
import { verifyProtectedFields } from '../../src/checks/writes/protected-side';
import { verifyWriteSide } from '../../src/checks/writes/write-side';

const routes = plan.writeRoutes();

// The victims' dossiers are shared by the writes of every test here (a mass-assignment probe lands
// in the attacker's own dossier, a protected-field probe writes in both): in order, in one worker,
// so each victim's pièce count is its own.
// Unlike `serial`, a failing test does not skip the next victims.
test.describe.configure({ mode: 'default' });

if (routes.length === 0) {
  // Never a silent pass: the run record says why the write side was not probed, and a profile
  // that declares writes the run may not make cannot pass the gate.
  test('the write side: uploads, renames, overwrites and deletes of another user\'s pièces are refused', () => {
    const declared = (plan.profile.writes ?? []).length;
    if (declared === 0) {
      notApplicable(`profile ${plan.profile.name} declares no write routes`);
      return;
    }
    expect(
      declared,
      `CLOISON_ALLOW_WRITES does not allow writes on this target (by default they run on loopback only): the ${declared} write route(s) of profile ${plan.profile.name} were not probed (set it on a target where synthetic pièces may be created and removed, or remove writes from the profile)`,
    ).toBe(0);
  });
}

if (routes.length > 0) {
  test.describe(`write side through ${routes.map((route) => `${route.request.method} ${route.request.path}`).join(', ')}`, () => {
    for (const victim of plan.usagers) {
      test(`only ${victim}'s writers upload into, rename, overwrite or delete ${victim}'s pièces, and none are lost`, async ({ run, identities, leakWatcher, probePieces }) => {
        await verifyWriteSide({ run, pool: identities, ledger: leakWatcher, routes, pieces: probePieces }, victim);
      });
    }
  });

  test.describe('protected fields', () => {
    for (const victim of plan.usagers) {
      test(`no one gets ${victim}'s id, storage key or file into its own pièce by setting a protected field, on create or update`, async ({ run, identities, leakWatcher, probePieces }, testInfo) => {
        const coverage = new AttackCoverage('writes');
        try {
          await verifyProtectedFields({ run, pool: identities, ledger: leakWatcher, routes, pieces: probePieces, coverage }, victim);
        } finally {
          await coverage.write(testInfo, run.target.settings.reportDir);
        }
      });
    }
  });
}
