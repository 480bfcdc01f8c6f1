import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { AttackCoverage } from '../../src/attacks/coverage';
import { verifyListOverFetch } from '../../src/attacks/pages';

// Every list and search the API declares, asked for later pages, huge pages, edge offsets and
// expansions. One person per role asks: a filter dropped after page 1 drops it for everyone.
const lists = plan.profile.routes.filter((route) => (route.action === 'list' || route.action === 'search') && route.channel === 'api');

for (const route of lists) {
  test(`${route.action} ${route.path}: later pages, huge pages and expansions hold nothing of anyone else's`, async ({ run, identities, leakWatcher }, testInfo) => {
    const coverage = new AttackCoverage('pages');
    try {
      const roles = [...new Set(run.state.people.map((person) => person.role))].filter((role) => !route.roles || route.roles.includes(role));
      for (const role of roles) {
        const person = run.state.people.find((candidate) => candidate.role === role);
        if (person) await verifyListOverFetch({ run, pool: identities, ledger: leakWatcher, coverage }, route, person.key);
      }
    } finally {
      await coverage.write(testInfo, run.target.settings.reportDir);
    }
  });
}
