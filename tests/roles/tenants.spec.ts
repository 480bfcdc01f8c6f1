import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { otherTenants, ownTenant } from '../../src/checks/roles-plan';
import { verifyScope } from '../../src/checks/roles-scope';
import { notApplicable, missingRole } from '../../src/checks/not-applicable';

// An agent works for one MDPH: through every object route it reaches its own MDPH's dossiers and
// pièces, and none of another MDPH's.
for (const route of [...plan.objectRoutes('dossier'), ...plan.objectRoutes('piece')]) {
  test(`agents reach their own MDPH only through ${route.channel} ${route.path}`, async ({ run, identities, leakWatcher }) => {
    const absent = missingRole(run.profile, 'agent') ?? (run.profile.people.tenants === false ? 'people.tenants is false: the portal has one office' : undefined);
    if (absent) return notApplicable(absent);
    const agents = run.state.people.filter((person) => person.role === 'agent');
    if (agents.length === 0) throw new Error('the population has no agent: tenants cannot be proven');
    for (const agent of agents) {
      const scope = { requesterKey: agent.key, readable: ownTenant(run.policy, agent.key), victims: otherTenants(run.policy, agent.key) };
      await verifyScope({ run, pool: identities, ledger: leakWatcher, routes: [route] }, scope);
    }
  });
}
