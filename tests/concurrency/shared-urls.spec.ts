import { test } from '../../fixtures';
import { verifySequentialSessions } from '../../src/checks/concurrency-load';

// The same personal URL (whoami, home page, lists) asked by one session after another, then by
// nobody: each answer must be its asker's own, never a cached copy of the previous one.
test('the same personal URL answers each session with its own data', async ({ run, identities }) => {
  await verifySequentialSessions({ run, pool: identities });
});
