import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { AttackCoverage } from '../../src/attacks/coverage';
import { verifyPathSpellings } from '../../src/attacks/paths';

// Every object route, spelled the ways routers and proxies disagree on, aimed at one usager's
// object per MDPH: an access rule bound to one spelling (or to one API version) lets the others by.
const routes = [...plan.objectRoutes('piece'), ...plan.objectRoutes('dossier')];

for (const route of routes) {
  test(`${route.action} through ${route.channel} ${route.path}: other spellings and versions of the URL open nothing`, async ({ run, identities, leakWatcher }, testInfo) => {
    const coverage = new AttackCoverage('paths');
    try {
      const owners = [...new Map(run.usagers().map((person) => [person.mdph, person.key])).values()];
      for (const owner of owners) await verifyPathSpellings({ run, pool: identities, ledger: leakWatcher, coverage }, route, owner);
    } finally {
      await coverage.write(testInfo, run.target.settings.reportDir);
    }
  });
}
