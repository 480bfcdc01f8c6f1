import { expect, test } from '@playwright/test';
import { forEachPerson } from './each-person';

test('every person is checked, in order, with the per-person time budget for each', async () => {
  const budget = test.info().timeout;
  const seen: (string | undefined)[] = [];
  await forEachPerson(['u1', 'u2', undefined], (key) => `as ${key ?? 'anonymous'}`, async (key) => {
    seen.push(key);
    await Promise.resolve();
  });
  expect(seen).toEqual(['u1', 'u2', undefined]);
  expect(test.info().timeout).toBe(budget * 3);
});

test('a person the check cannot prove stops the test with its reason', async () => {
  const seen: string[] = [];
  const checking = forEachPerson(['u1', 'u2', 'u3'], (key) => key, (key) => {
    seen.push(key);
    return key === 'u2' ? Promise.reject(new Error('positive control failed: u2 does not reach its dossier')) : Promise.resolve();
  });
  await expect(checking).rejects.toThrow('positive control failed: u2');
  expect(seen).toEqual(['u1', 'u2']);
});

test('nobody to check is an error, never a pass', async () => {
  await expect(forEachPerson([], (key) => key, () => Promise.resolve())).rejects.toThrow('population is empty');
});
