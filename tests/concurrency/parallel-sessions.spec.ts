import { test } from '../../fixtures';
import { verifyParallelSessions } from '../../src/checks/concurrency-load';

// Every session at once, each asking only for its own things: nothing of anyone else may come back.
test('sessions fetching their own lists, pages and pièces at once get only their own data', async ({ run, identities }) => {
  await verifyParallelSessions({ run, pool: identities });
});
