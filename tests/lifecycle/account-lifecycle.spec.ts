import { test } from '../../fixtures';
import { AttackCoverage } from '../../src/attacks/coverage';
import { ENDING_ACTIONS, lifecycleNotApplicable, verifyActionEndsSessions, verifyRefreshSingleUse, type EndingAction, type LifecycleCheck } from '../../src/attacks/lifecycle/account-actions';
import type { SpareAccounts } from '../../src/attacks/lifecycle/spare-account';
import { notApplicable } from '../../src/checks/not-applicable';

// Each action is tried on a throw-away usager of the check's own: a password change or a disabled
// account ends the sessions the setup saved, which every other check uses.
const TITLES: Record<EndingAction, string> = {
  passwordChange: 'after a password change, the sessions and refresh token held before open nothing',
  disable: 'after the account is disabled, its sessions and refresh token open nothing',
  revokeRole: 'after the role is revoked, the sessions and refresh token held before open nothing',
};

const wiring = (fixtures: Pick<LifecycleCheck, 'run' | 'ledger' | 'browser'> & { spareAccounts: SpareAccounts }, coverage: AttackCoverage): LifecycleCheck => ({
  run: fixtures.run,
  ledger: fixtures.ledger,
  browser: fixtures.browser,
  env: process.env,
  coverage,
  track: (spare) => fixtures.spareAccounts.track(spare),
});

for (const action of ENDING_ACTIONS) {
  test(TITLES[action], async ({ run, leakWatcher, browser, spareAccounts }, testInfo) => {
    const absent = lifecycleNotApplicable(run.profile, action);
    if (absent) return notApplicable(absent);
    const coverage = new AttackCoverage('lifecycle');
    try {
      await verifyActionEndsSessions(wiring({ run, ledger: leakWatcher, browser, spareAccounts }, coverage), action);
    } finally {
      await coverage.write(testInfo, run.target.settings.reportDir);
    }
  });
}

test('a refresh token, once rotated, renews no session', async ({ run, leakWatcher, browser, spareAccounts }, testInfo) => {
  const absent = lifecycleNotApplicable(run.profile, 'refresh');
  if (absent) return notApplicable(absent);
  const coverage = new AttackCoverage('lifecycle');
  try {
    await verifyRefreshSingleUse(wiring({ run, ledger: leakWatcher, browser, spareAccounts }, coverage));
  } finally {
    await coverage.write(testInfo, run.target.settings.reportDir);
  }
});
