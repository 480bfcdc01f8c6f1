import { test } from '../../fixtures';
import { AttackCoverage } from '../../src/attacks/coverage';
import { verifyTokenHandling } from '../../src/attacks/tokens';
import { firstOfRole, SESSION_ROLES } from '../../src/checks/sessions/roles';

// One person of each role: tokens are issued by one mechanism, but each role has its own answers.
for (const role of SESSION_ROLES) {
  test(`the ${role}'s session token opens nothing from a URL, cut short, altered or forged`, async ({ run, identities, leakWatcher, browser, freshSessions }, testInfo) => {
    const coverage = new AttackCoverage('tokens');
    try {
      await verifyTokenHandling({ run, pool: identities, ledger: leakWatcher, browser, sessions: freshSessions, coverage }, firstOfRole(run, role));
    } finally {
      await coverage.write(testInfo, run.target.settings.reportDir);
    }
  });
}
