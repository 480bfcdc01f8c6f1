import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { notRepresentedBy, representedBy } from '../../src/checks/roles-plan';
import { verifyScope } from '../../src/checks/roles-scope';
import { notApplicable, missingRole } from '../../src/checks/not-applicable';

// A representative acts for one person, not for that person's MDPH: it reaches the represented
// usager and no other, those of the same MDPH first.
for (const route of [...plan.objectRoutes('dossier'), ...plan.objectRoutes('piece')]) {
  test(`representatives reach only whom they represent through ${route.channel} ${route.path}`, async ({ run, identities, leakWatcher }) => {
    const absent = missingRole(run.profile, 'representant');
    if (absent) return notApplicable(absent);
    const representatives = run.state.people.filter((person) => person.role === 'representant');
    if (representatives.length === 0) throw new Error('the population has no representative: overreach cannot be proven');
    for (const representative of representatives) {
      const scope = { requesterKey: representative.key, readable: representedBy(run.policy, representative.key), victims: notRepresentedBy(run.policy, representative.key) };
      await verifyScope({ run, pool: identities, ledger: leakWatcher, routes: [route] }, scope);
    }
  });
}
