import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ConfigError } from '../errors';
import { loadProfile } from '../profile/load';
import { loadPopulationSpec } from '../population/spec';
import { readAccounts } from './accounts';
import { populationOf } from './population';
import { passwordOf, provisioningSecrets } from './secrets';

const SECRET = 'S3cret-of-ana-0123';
const ACCOUNTS = [
  { key: 'ana', email: 'ana@example.test', password: SECRET, role: 'usager', mdph: '075' },
  { key: 'bruno', email: 'bruno@example.test', password: 'S3cret-of-bruno-456', role: 'usager', mdph: '013' },
  { key: 'dora', email: 'dora@example.test', password: 'S3cret-of-dora-789', role: 'representant', mdph: '075', represents: 'ana' },
  { key: 'agentp', email: 'agent@example.test', password: 'S3cret-of-agent-012', role: 'agent', mdph: '075' },
];

function accountsFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cloison-accounts-')), 'accounts.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('a valid accounts file is read as is', () => {
  expect(readAccounts(accountsFile(ACCOUNTS)).map((account) => account.key)).toEqual(['ana', 'bruno', 'dora', 'agentp']);
});

test('each problem names the file and the field, and never quotes a password', () => {
  const cases: [unknown, string][] = [
    [[{ ...ACCOUNTS[0], role: 'admin' }], '[0].role must be one of "usager", "representant", "agent"'],
    [[{ ...ACCOUNTS[0], password: undefined }], '[0].password is required'],
    [[{ ...ACCOUNTS[0], password: 'short' }], '[0].password must NOT have fewer than 8 characters'],
    [[{ ...ACCOUNTS[0], token: 'x' }], '[0].token is not a known field'],
    [[ACCOUNTS[0], { ...ACCOUNTS[2], represents: 'zoe' }], '[1].represents names "zoe", which is not a usager of this run'],
    [[ACCOUNTS[0], { ...ACCOUNTS[2], represents: undefined }], '[1].represents is required for a representant'],
    [[ACCOUNTS[0], ACCOUNTS[0]], '[1].key "ana" is used twice'],
  ];
  for (const [content, message] of cases) {
    const file = accountsFile(content);
    const error = errorOf(() => readAccounts(file));
    expect(error.message).toBe(`${file}: ${message}`);
    expect(error.message).not.toContain(SECRET);
  }
  const broken = accountsFile('[{');
  expect(errorOf(() => readAccounts(broken)).message).toContain(`${broken}: (accounts) cannot be read as JSON`);
});

test('accounts mode: people come from the file, documents from the seed, namespaced by run id', async () => {
  const profile = loadProfile('profiles/reference-portal-accounts.json');
  const settings = { accountsFile: accountsFile(ACCOUNTS) };
  const spec = loadPopulationSpec('seeds/matrix.json', { seed: 7, runId: 'RUNA' });
  const first = await populationOf(profile, settings, spec);
  const again = await populationOf(profile, settings, spec);
  const other = await populationOf(profile, settings, { ...spec, runId: 'RUNB' });
  expect(first.people.map((person) => [person.key, person.email])).toEqual(ACCOUNTS.map((account) => [account.key, account.email]));
  expect(new Set(first.documents.map((document) => document.ownerKey))).toEqual(new Set(['ana', 'bruno']));
  expect(first.documents.map((document) => document.sha256)).toEqual(again.documents.map((document) => document.sha256));
  expect(first.documents.every((document) => document.canary.startsWith('CLSN-RUNA-') && document.titre.includes(document.canary))).toBe(true);
  expect(other.documents.every((document) => document.canary.startsWith('CLSN-RUNB-'))).toBe(true);
  expect([...first.preProvisioned]).toEqual(['ana', 'bruno', 'dora', 'agentp']);
});

test('the redactor learns the passwords of the file; a check signing in again gets them', () => {
  const profile = loadProfile('profiles/reference-portal-accounts.json');
  const settings = { accountsFile: accountsFile(ACCOUNTS) };
  const secrets = provisioningSecrets(profile, settings, { people: ACCOUNTS });
  for (const account of ACCOUNTS) expect(secrets).toContain(account.password);
  expect(passwordOf(profile, settings, 'dora')).toBe('S3cret-of-dora-789');
});
