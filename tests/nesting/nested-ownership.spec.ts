import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { AttackCoverage } from '../../src/attacks/coverage';
import { verifyNestedRoute } from '../../src/attacks/substitution';
import { mapLimit } from '../../src/util/concurrency';
import { placeholdersOf } from '../../src/util/template';

// Routes that name an object by several ids (a dossier and one of its files): the portal must
// check every one of them, not the parent alone (the 2018 teleservice served the file by its name).
const nested = [...plan.objectRoutes('piece'), ...plan.objectRoutes('dossier')].filter((route) => placeholdersOf(route.path.split('?')[0] ?? '').length >= 2);

test.describe('routes with several ids', () => {
  for (const route of nested) {
    test(`${route.channel} ${route.path}: one's own ids mixed with another usager's open nothing of theirs`, async ({ run, identities, leakWatcher }, testInfo) => {
      const coverage = new AttackCoverage('nesting');
      try {
        const requesters = run.identities().filter((key): key is string => key !== undefined);
        await mapLimit(requesters, 4, (key) => verifyNestedRoute({ run, pool: identities, ledger: leakWatcher, coverage }, route, key));
      } finally {
        await coverage.write(testInfo, run.target.settings.reportDir);
      }
    });
  }
});
