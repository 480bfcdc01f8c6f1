import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { AttackCoverage } from '../../src/attacks/coverage';
import { verifySubstitutionsOf } from '../../src/attacks/substitution';
import { oneOwnerPerClass } from '../../src/discovery/owners';

// Declared per usager at load time; the run's policy then keeps one usager per class of
// relationships (the ids a browser puts in its own requests are the same kind for a whole class).
for (const requester of plan.usagers) {
  test(`${requester}'s own requests with another usager's id in any one place answer nothing of theirs`, async ({ run, identities, leakWatcher }, testInfo) => {
    const chosen = oneOwnerPerClass(plan.usagers, run.identities(), (other, owner) => run.policy.relationship(other, owner));
    if (!chosen.includes(requester)) {
      testInfo.annotations.push({ type: 'covered by its class', description: `${requester} stands towards the others as one of ${chosen.join(', ')} does` });
      return;
    }
    const coverage = new AttackCoverage('substitution');
    try {
      await verifySubstitutionsOf({ run, pool: identities, ledger: leakWatcher, coverage }, requester);
    } finally {
      await coverage.write(testInfo, run.target.settings.reportDir);
    }
  });
}
