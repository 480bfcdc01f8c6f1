import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../cli/package';
import { allowedHosts, readSettings } from './settings';

test('defaults need no environment at all, and name the files cloison ships wherever it runs from', () => {
  const settings = readSettings({});
  expect(settings.profileFile).toBe(path.join(PACKAGE_ROOT, 'profiles', 'reference-portal.json'));
  expect(existsSync(settings.profileFile)).toBe(true);
  expect(existsSync(settings.populationFile)).toBe(true);
  expect(settings.runId).toMatch(/^[A-Z0-9]{8}$/);
  expect(settings.seed).toBe(20221124);
});

for (const [name, value, message] of [
  ['CLOISON_SEED', 'abc', 'CLOISON_SEED must be an integer'],
  ['CLOISON_RUN_ID', 'run-1', 'CLOISON_RUN_ID must be 4-12 characters A-Z 0-9'],
  ['CLOISON_BASE_URL', 'ftp://x', 'CLOISON_BASE_URL must use http or https'],
  ['CLOISON_BASE_URL', 'not a url', 'CLOISON_BASE_URL must be an absolute http(s) URL'],
  ['CLOISON_WORKERS', '0', 'CLOISON_WORKERS must be an integer from 1 to 64'],
  ['CLOISON_RELEASE', 'v 1', 'CLOISON_RELEASE must be 1-64 characters'],
  ['CLOISON_ALLOW_WRITES', 'maybe', 'CLOISON_ALLOW_WRITES must be true or false'],
] as const) {
  test(`${name}=${value} is refused naming the variable`, () => {
    expect(() => readSettings({ [name]: value })).toThrow(message);
  });
}

test('only loopback is reachable unless a host is allowed twice (profile and environment)', () => {
  const profileHosts = ['127.0.0.1', 'recette.example.org'];
  expect(allowedHosts(profileHosts, readSettings({}))).toEqual(['127.0.0.1']);
  expect(allowedHosts(profileHosts, readSettings({ CLOISON_ALLOWED_HOSTS: 'recette.example.org' }))).toEqual(profileHosts);
  expect(allowedHosts(['127.0.0.1'], readSettings({ CLOISON_ALLOWED_HOSTS: 'recette.example.org' }))).toEqual(['127.0.0.1']);
});

test('the message is one line: the variable, what its schema allows, and what it got', () => {
  expect(() => readSettings({ CLOISON_SEED: ' twelve ' })).toThrow(/^CLOISON_SEED must be an integer from 0 to 2147483647 \(got "twelve"\)$/);
  expect(() => readSettings({ CLOISON_RUN_ID: 'run-1' })).toThrow(/^CLOISON_RUN_ID must be 4-12 characters A-Z 0-9 \(got "run-1"\)$/);
  expect(readSettings({ CLOISON_ALLOW_WRITES: 'Yes', CLOISON_WORKERS: '4', CLOISON_BASE_URL: 'https://recette.example.org/app/' })).toMatchObject({
    allowWrites: true,
    workers: 4,
    baseURLOverride: 'https://recette.example.org',
  });
});

test('this process reads its own environment once: every module sees the same run id', () => {
  expect(readSettings()).toBe(readSettings());
  expect(readSettings({}).runId).not.toBe(readSettings({}).runId);
});
