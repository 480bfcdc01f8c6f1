import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ConfigError } from '../errors';
import { loadProfile } from '../profile/load';
import type { Profile } from '../profile/types';
import { loadAdapter } from './load';

const base = loadProfile('profiles/reference-portal.json');
const withAdapter = (file: string): Profile => ({ ...base, adapter: file });

function module(source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cloison-adapter-')), 'adapter.mts');
  writeFileSync(file, source);
  return file;
}

test('a profile without adapter gets no hooks', async () => {
  expect(await loadAdapter(base)).toEqual({});
});

test('the example adapter loads, its path resolved from the profile file', async () => {
  const profile = loadProfile('profiles/examples/reference-portal-adapter.json');
  expect(profile.adapter).toMatch(/profiles\/examples\/reference-portal-adapter\.ts$/);
  const adapter = await loadAdapter(profile);
  expect(typeof adapter.login).toBe('function');
  expect(typeof adapter.readIds).toBe('function');
});

test('a missing module is one ConfigError naming the field', async () => {
  const error = await loadAdapter(withAdapter('/nonexistent/adapter.ts')).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toBe('adapter names a module that does not exist: /nonexistent/adapter.ts');
});

test('a hook of the wrong type is one ConfigError naming the hook', async () => {
  const file = module(`export default { login: 'POST /session', readIds: async () => ({}) };\n`);
  const error = await loadAdapter(withAdapter(file)).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toBe(`${file}: adapter.login must be a function (got string)`);
});

test('an unknown hook is refused rather than silently ignored', async () => {
  const file = module(`export default { signIn: async () => ({}) };\n`);
  await expect(loadAdapter(withAdapter(file))).rejects.toThrow(`${file}: adapter.signIn is not a known hook`);
});

test('a module that exports no hooks object is refused', async () => {
  const file = module(`export const nothing = 1;\n`);
  await expect(loadAdapter(withAdapter(file))).rejects.toThrow('adapter must export an object of hooks');
});
