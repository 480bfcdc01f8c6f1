import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { RunState } from '../src/run/state';

/**
 * The provisioning modes other than `api`, end to end: a reference portal is started on this
 * helper's port with a provisioning token, accounts are created through its provisioning API
 * (as a portal operator would), and the real scan runs against it with a profile that only knows
 * the accounts file.
 */
const PORT = Number(process.env.PROVISIONING_TEST_PORT ?? 3111);
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = randomBytes(18).toString('base64url');

interface AccountSpec {
  key: string;
  role: 'usager' | 'representant' | 'agent';
  mdph: string;
  represents?: string;
}

const ACCOUNTS: AccountSpec[] = [
  { key: 'ana', role: 'usager', mdph: '075' },
  { key: 'bruno', role: 'usager', mdph: '075' },
  { key: 'chloe', role: 'usager', mdph: '013' },
  { key: 'dora', role: 'representant', mdph: '075', represents: 'ana' },
  { key: 'agentparis', role: 'agent', mdph: '075' },
  { key: 'agentmarseille', role: 'agent', mdph: '013' },
];

test.describe.configure({ mode: 'serial' });

let portal: ChildProcess | undefined;
let dir: string;

async function startPortal(flaws: string): Promise<void> {
  await stopPortal();
  portal = spawn('node', ['--import', 'tsx', 'portal/src/server.ts', '--port', String(PORT)], {
    // Links expire after the profiles' share.ttlSeconds (5), as the embedded portal is launched.
    env: { ...process.env, PORTAL_DB: ':memory:', PORTAL_UPLOADS: join(dir, `uploads-${flaws || 'secure'}`), PORTAL_PROVISIONING_TOKEN: TOKEN, PORTAL_FLAWS: flaws, PORTAL_SHARE_TTL_SECONDS: '5' },
    stdio: 'ignore',
  });
  // tsx compiles the portal first: up to a minute on a loaded 2-core machine.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${BASE}/connexion`).then((answer) => answer.ok, () => false);
    if (ok) return;
    if (portal?.exitCode !== null) throw new Error(`the reference portal exited (${portal?.exitCode}) before answering on ${BASE}: is the port taken?`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the reference portal did not start on ${BASE} within 60 s`);
}

async function stopPortal(): Promise<void> {
  if (!portal || portal.exitCode !== null) return;
  const exited = new Promise((resolve) => portal?.once('exit', resolve));
  portal.kill('SIGTERM');
  await exited;
}

/** Creates the accounts through the portal's provisioning API and writes the accounts file cloison reads. */
async function createAccounts(file: string, specs: AccountSpec[]): Promise<string[]> {
  const ids = new Map<string, number>();
  const passwords: string[] = [];
  const accounts = [];
  for (const spec of specs) {
    const password = `Pw-${randomBytes(12).toString('base64url')}`;
    const email = `${spec.key}.${randomBytes(3).toString('hex')}@example.test`;
    const person = { prenom: spec.key, nom: 'Compte', email, password };
    const body =
      spec.role === 'usager' ? { ...person, mdph: spec.mdph, dateNaissance: '1980-05-04' }
      : spec.role === 'agent' ? { ...person, mdph: spec.mdph }
      : { ...person, representeId: ids.get(spec.represents ?? '') };
    const answer = await fetch(`${BASE}/api/provisioning/${spec.role}s`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-provisioning-token': TOKEN },
      body: JSON.stringify(body),
    });
    expect(answer.status, `creating ${spec.key}`).toBe(201);
    ids.set(spec.key, ((await answer.json()) as { id: number }).id);
    passwords.push(password);
    accounts.push({ key: spec.key, email, password, role: spec.role, mdph: spec.mdph, ...(spec.represents ? { represents: spec.represents } : {}) });
  }
  writeFileSync(file, JSON.stringify(accounts, null, 2));
  return passwords;
}

function scan(args: string[], env: Record<string, string>): { status: number | null; output: string; reports: string } {
  const reports = join(dir, `reports-${randomBytes(3).toString('hex')}`);
  // `npm run scan`, whose exit code is the gate's. The config's own reporters stay (findings.json);
  // CLOISON_QUIET drops the list and HTML ones.
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/scan.ts', ...args], {
    env: { ...process.env, CLOISON_QUIET: '1', CLOISON_REPORT_DIR: reports, CLOISON_BASE_URL: BASE, CLOISON_WORKERS: '2', CLOISON_POPULATION: join(dir, 'population.json'), ...env },
    encoding: 'utf8',
    // Whatever the test allows, less time to judge: a scan on a loaded machine takes minutes.
    timeout: Math.max(test.info().timeout - 20_000, 60_000),
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, reports };
}

function findings(reports: string): { check: string; attacker: { key: string }; victim?: { key: string } }[] {
  return (JSON.parse(readFileSync(join(reports, 'findings.json'), 'utf8')) as { findings: { check: string; attacker: { key: string }; victim?: { key: string } }[] }).findings;
}

function verdictOf(reports: string): { exitCode: number; outcome: string; reason: string } | undefined {
  return (JSON.parse(readFileSync(join(reports, 'findings.json'), 'utf8')) as { run: { verdict?: { exitCode: number; outcome: string; reason: string } } }).run.verdict;
}

function runState(runId: string): RunState {
  return JSON.parse(readFileSync(join('.cloison', 'runs', runId, 'state.json'), 'utf8')) as RunState;
}

/** Every file under a folder, as text: passwords must appear in none. */
function everyFile(folder: string): string {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'latin1'))
    .join('\n');
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloison-provisioning-'));
  // The smallest population the roster needs: ui mode signs these usagers up one by one in Chromium.
  writeFileSync(
    join(dir, 'population.json'),
    JSON.stringify({ mdph: ['075', '013'], usagersPerMdph: 1, representatives: 1, agentsPerMdph: 1, piecesPerUsager: { min: 2, max: 2 } }),
  );
});

test.afterAll(async () => {
  await stopPortal();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Each test gets a fresh portal: objects left by another run are not this run's, and an agent
 * reading a neighbouring id of its own MDPH would rightly be reported as unexplained.
 */
const DOWNLOAD_CHECKS = ['tests/objects/piece-access.spec.ts', '--grep', 'pièce download through api'];

/**
 * The whole suite in accounts mode is several minutes on a busy machine: on demand,
 * CLOISON_ACCOUNTS_FULL=1 npx playwright test -c selftest.config.ts scripts/provisioning-modes.test.ts --grep "secure portal is clean"
 */
const FULL_ACCOUNTS_SCAN = process.env.CLOISON_ACCOUNTS_FULL === '1';

test('accounts mode: people from the file, documents uploaded by their owners, the secure portal is clean', async () => {
  test.setTimeout(FULL_ACCOUNTS_SCAN ? 1_200_000 : 360_000);
  await startPortal('');
  const accountsFile = join(dir, 'accounts.json');
  const passwords = await createAccounts(accountsFile, ACCOUNTS);
  const runId = `ACC${randomBytes(3).toString('hex').toUpperCase()}`;
  // Those that sign people in again with the file's passwords too: the login form, and the
  // Back-button check's fresh browser login (it once typed the seed-derived password).
  const checks = FULL_ACCOUNTS_SCAN ? [] : ['tests/objects/piece-access.spec.ts', 'tests/auth', 'tests/sessions', '--grep', 'pièce download through api|login form|Back after the usager'];
  const result = scan(checks, { CLOISON_PROFILE: 'profiles/reference-portal-accounts.json', CLOISON_ACCOUNTS: accountsFile, CLOISON_RUN_ID: runId });
  expect(result.status, result.output).toBe(0);
  expect(findings(result.reports)).toEqual([]);
  expect(verdictOf(result.reports)?.exitCode).toBe(0);
  // The setup, the download route's two tests (its owners are steps of one), the login form's four, Back after logout.
  if (!FULL_ACCOUNTS_SCAN) expect(result.output).toContain('8 passed');
  // The roster is the file's: the owners stepped through are its account keys, and every usager's pièces got ids.
  const state = runState(runId);
  expect(state.people.map((person) => person.key)).toEqual(ACCOUNTS.map((account) => account.key));
  expect(state.documents.filter((document) => document.bindings.pieceId === undefined)).toEqual([]);
  expect(new Set(state.documents.map((document) => document.ownerKey))).toEqual(new Set(['ana', 'bruno', 'chloe']));
  const written = `${everyFile(join('.cloison', 'runs', runId))}\n${everyFile(result.reports)}`;
  for (const password of passwords) expect(written).not.toContain(password);
});

test('adapter: with neither a login API nor an id lookup in the profile, its hooks sign people in and read their ids', async () => {
  test.setTimeout(360_000);
  await startPortal('');
  const accountsFile = join(dir, 'accounts-adapter.json');
  await createAccounts(accountsFile, ACCOUNTS);
  const runId = `ADA${randomBytes(3).toString('hex').toUpperCase()}`;
  const result = scan(['--project=setup'], { CLOISON_PROFILE: 'profiles/examples/reference-portal-adapter.json', CLOISON_ACCOUNTS: accountsFile, CLOISON_RUN_ID: runId });
  expect(result.status, result.output).toBe(0);
  const ana = runState(runId).people.find((person) => person.key === 'ana');
  expect(ana?.bindings).toEqual({ usagerId: expect.any(Number), dossierId: expect.any(Number), dossierNumero: expect.stringMatching(/^075-/) });
});

test('ui mode: usagers sign up and upload through the forms, representatives and agents come from the file', async () => {
  test.setTimeout(480_000);
  await startPortal('');
  const accountsFile = join(dir, 'accounts-ui.json');
  await createAccounts(accountsFile, ACCOUNTS.filter((account) => !['bruno', 'chloe'].includes(account.key)));
  const runId = `UI${randomBytes(3).toString('hex').toUpperCase()}`;
  const result = scan(DOWNLOAD_CHECKS, { CLOISON_PROFILE: 'profiles/reference-portal-ui.json', CLOISON_ACCOUNTS: accountsFile, CLOISON_RUN_ID: runId });
  expect(result.status, result.output).toBe(0);
  expect(findings(result.reports)).toEqual([]);
  const state = runState(runId);
  // Signed up through the form: the seed's usagers, with the ids the portal gave them.
  expect(state.people.filter((person) => person.role === 'usager').map((person) => person.key)).toEqual(['u075a', 'u013a', 'ana']);
  expect(state.documents.filter((document) => document.bindings.pieceId === undefined)).toEqual([]);
});

test('ui mode without an accounts file is one clear error: representatives and agents cannot sign up', () => {
  const profile = JSON.parse(readFileSync('profiles/reference-portal-ui.json', 'utf8')) as { provisioning: { file?: string } };
  delete profile.provisioning.file;
  const file = join(dir, 'ui-without-accounts.json');
  writeFileSync(file, JSON.stringify(profile));
  const result = scan(['--project=setup'], { CLOISON_PROFILE: file });
  expect(result.status).not.toBe(0);
  expect(result.output).toContain('provisioning.file is required in ui mode when the population has representatives or agents');
});

test('accounts mode: a download IDOR is caught, naming the accounts, and the scan exits 1', async () => {
  test.setTimeout(360_000);
  await startPortal('download-idor');
  const accountsFile = join(dir, 'accounts-flaw.json');
  const passwords = await createAccounts(accountsFile, ACCOUNTS);
  const result = scan(DOWNLOAD_CHECKS, { CLOISON_PROFILE: 'profiles/reference-portal-accounts.json', CLOISON_ACCOUNTS: accountsFile });
  expect(result.status, result.output).toBe(1);
  expect(verdictOf(result.reports)).toMatchObject({ exitCode: 1, outcome: 'findings' });
  const found = findings(result.reports);
  expect(found.some((finding) => finding.check === 'objects/download')).toBe(true);
  // Attackers and victims are the file's accounts, by key.
  const keys = ACCOUNTS.map((account) => account.key);
  expect(found.filter((finding) => ![...keys, 'anonymous'].includes(finding.attacker.key))).toEqual([]);
  expect(found.filter((finding) => !['ana', 'bruno', 'chloe'].includes(finding.victim?.key ?? ''))).toEqual([]);
  const written = everyFile(result.reports);
  for (const password of passwords) expect(written).not.toContain(password);
});

test('a broken login exits 2, not 1: one line names the person and the route, and no password is written', async () => {
  test.setTimeout(360_000);
  await startPortal('');
  const accountsFile = join(dir, 'accounts-broken-login.json');
  const passwords = await createAccounts(accountsFile, ACCOUNTS);
  const accounts = JSON.parse(readFileSync(accountsFile, 'utf8')) as { key: string; password: string }[];
  const bruno = accounts.find((account) => account.key === 'bruno');
  if (bruno) bruno.password = `${bruno.password}-wrong`;
  writeFileSync(accountsFile, JSON.stringify(accounts));
  const result = scan(DOWNLOAD_CHECKS, { CLOISON_PROFILE: 'profiles/reference-portal-accounts.json', CLOISON_ACCOUNTS: accountsFile });
  expect(result.status, result.output).toBe(2);
  expect(findings(result.reports)).toEqual([]);
  expect(verdictOf(result.reports)).toMatchObject({ exitCode: 2, outcome: 'incomplete', reason: expect.stringContaining('bruno') });
  expect(result.output).toMatch(/cloison: exit 2: could not check what the profile declares .*bruno/);
  const written = everyFile(result.reports);
  for (const password of [...passwords, bruno?.password ?? '']) expect(written).not.toContain(password);
});

test('a wrong provisioning token exits 2, naming the provisioning route', async () => {
  test.setTimeout(240_000);
  await startPortal('');
  const result = scan(DOWNLOAD_CHECKS, { CLOISON_PROFILE: 'profiles/reference-portal.json', PORTAL_PROVISIONING_TOKEN: `${TOKEN}-wrong` });
  expect(result.status, result.output).toBe(2);
  // A profile new to this base URL goes through the doctor first, which stops at provisioning with
  // its table; one that passed it before is stopped by the scan's setup, in its run record.
  const record = join(result.reports, 'findings.json');
  const named = existsSync(record) ? (verdictOf(result.reports)?.reason ?? '') : result.output;
  expect(named, result.output).toContain('/api/provisioning/');
  expect(result.output).not.toContain(TOKEN);
  if (existsSync(result.reports)) expect(everyFile(result.reports)).not.toContain(TOKEN);
});
