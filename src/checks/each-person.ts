import { test } from '@playwright/test';

/**
 * A route's check over several people, as one test with a step per person. A failed test costs a
 * worker restart (a new Node process, its imports, its browser contexts: 2-3 s of CPU), so a flawed
 * route fails once instead of once per victim; the ledger still names every attacker and victim,
 * because findings are collected over the whole test and judged at its end. The time budget is the
 * configured one per person, as when each person had a test of its own.
 */
export async function forEachPerson<Key extends string | undefined>(keys: readonly Key[], stepTitle: (key: Key) => string, body: (key: Key) => Promise<void>): Promise<void> {
  if (keys.length === 0) throw new Error('no one to check this route for: the population is empty');
  test.setTimeout(test.info().timeout * keys.length);
  for (const key of keys) await test.step(stepTitle(key), () => body(key));
}
