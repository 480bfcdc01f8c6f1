import { join } from 'node:path';
import { test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import { CoverageLog, previousCoverageFile, readPreviousTemplates, writeCoverage } from '../../src/discovery/coverage';
import { oneOwnerPerClass } from '../../src/discovery/owners';
import { verifyReplaysOf } from '../../src/discovery/replay';

// One test for every owner: the coverage listing is one file, complete only once every crawl is done.
test('what a usager\'s browser requests answers nobody else, whatever the route', async ({ run, identities, leakWatcher }, testInfo) => {
  const coverage = new CoverageLog();
  const file = join(run.target.settings.reportDir, 'coverage.json');
  const previous = readPreviousTemplates(previousCoverageFile(file));
  try {
    // One usager per class of relationships the others have with them (see oneOwnerPerClass).
    const owners = oneOwnerPerClass(plan.usagers, run.identities(), (requester, owner) => run.policy.relationship(requester, owner));
    for (const owner of owners) {
      await test.step(`discover and replay ${owner}'s requests`, () => verifyReplaysOf({ run, pool: identities, ledger: leakWatcher, coverage }, owner));
    }
  } finally {
    const report = coverage.report(run.state.runId, previous);
    writeCoverage(file, report);
    await testInfo.attach('discovery coverage', { path: file, contentType: 'application/json' });
    for (const template of report.unprobed) testInfo.annotations.push({ type: 'discovered, not probed', description: template });
    for (const template of report.newSurface) testInfo.annotations.push({ type: 'new surface', description: template });
  }
});
