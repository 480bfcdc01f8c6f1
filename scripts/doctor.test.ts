import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startPortal, type RunningPortal } from '../portal/test/support/portal';
import { buildGuichet } from '../targets/guichet/src/app';
import { PACKAGE_ROOT } from '../src/cli/package';
import { resolveTarget } from '../src/run/target';
import { runDoctor, type DoctorReport } from '../src/doctor/doctor';
import { passedDoctor, profileFingerprint } from '../src/doctor/fingerprint';
import { doctorTable } from '../src/doctor/table';

/**
 * The doctor against the real reference portal (started once, in this process) and guichet: the
 * good profiles pass, and each kind of mistake is named by the profile field to fix.
 */
test.describe.configure({ mode: 'serial' });

type Json = Record<string, unknown> & { auth: Record<string, Record<string, unknown>> & { login: Record<string, unknown> }; routes: Record<string, unknown>[] };

let portal: RunningPortal;
let dir: string;

test.beforeAll(async () => {
  portal = await startPortal();
  dir = mkdtempSync(join(tmpdir(), 'cloison-doctor-'));
});

test.afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

const reference = (): Json => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'profiles/reference-portal.json'), 'utf8')) as Json;

function write(profile: Json, name: string): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

function envFor(file: string, baseURL: string, secrets: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...secrets,
    CLOISON_PROFILE: file,
    CLOISON_BASE_URL: baseURL,
    CLOISON_POPULATION: join(PACKAGE_ROOT, 'seeds/matrix.json'),
    CLOISON_RUN_ID: `DT${randomBytes(4).toString('hex').toUpperCase()}`,
  };
}

async function doctor(profile: Json, name: string): Promise<DoctorReport> {
  const env = envFor(write(profile, name), portal.baseUrl, { PORTAL_PROVISIONING_TOKEN: portal.provisioningToken ?? '' });
  return runDoctor(resolveTarget(env), env);
}

const fields = (report: DoctorReport): (string | undefined)[] => report.rows.filter((row) => row.problem !== undefined).map((row) => row.field);

test('the reference profile passes: every role signs in, every route reaches its owner', async () => {
  test.setTimeout(120_000);
  const report = await doctor(reference(), 'good');
  expect(report.ok, doctorTable(report)).toBe(true);
  const routes = report.rows.filter((row) => row.subject.startsWith('routes['));
  expect(routes).toHaveLength(reference().routes.length);
  // What the owner got is shown: status, ids and the markers that proved the object.
  expect(routes[2]?.got).toMatch(/^u075a: 200 · pieceId=\d+ · .*canary of u075a-d1/);
  expect(report.rows.map((row) => row.subject)).toEqual(expect.arrayContaining(['login rep1 (representant)', 'login agent075 (agent)']));
});

test('a wrong login path names auth.login.api.path', async () => {
  test.setTimeout(120_000);
  const profile = reference();
  profile.auth.login.api = { ...(profile.auth.login.api as object), path: '/api/v2/sessions' };
  const report = await doctor(profile, 'login-path');
  expect(report.ok).toBe(false);
  expect(fields(report)).toContain('auth.login.api.path');
});

test('a whoami that proves nothing names auth.whoami: a page about nobody, a value everyone shares', async () => {
  test.setTimeout(240_000);
  const page = reference();
  page.auth.whoami = { method: 'GET', path: '/connexion', proves: 'email' };
  expect(fields(await doctor(page, 'whoami-page'))).toContain('auth.whoami.path');

  const shared = reference();
  shared.auth.whoami = { ...shared.auth.whoami, proves: 'mdph' };
  expect(fields(await doctor(shared, 'whoami-shared'))).toContain('auth.whoami.proves');
});

test('a route whose owner gets 404, a placeholder no binding fills, a session cookie the profile misnames: each names its field', async () => {
  test.setTimeout(120_000);
  const profile = reference();
  profile.routes[2] = { ...profile.routes[2], path: '/api/v2/pieces/{pieceId}/content' };
  // A dossier's bindings hold no pièce id: known to the profile, filled by nothing for this route.
  profile.routes[6] = { ...profile.routes[6], path: '/api/v2/dossiers/{dossierId}', query: { piece: '{pieceId}' } };
  profile.auth.session = { type: 'cookie', cookieName: 'session' };
  const report = await doctor(profile, 'three-mistakes');
  const table = doctorTable(report);
  expect(fields(report), table).toEqual(expect.arrayContaining(['routes[2].path', 'routes[6].query.piece', 'auth.session.cookieName']));
  expect(report.rows.find((row) => row.field === 'routes[2].path')?.got).toMatch(/^u075a: 404 · pieceId=\d+/);
  expect(report.rows.find((row) => row.field === 'auth.session.cookieName')?.got).toBe('login set cookie(s) sid');
  // The other routes still pass: one mistake does not hide the rest.
  expect(report.rows.filter((row) => row.subject.startsWith('routes[') && row.problem === undefined)).toHaveLength(profile.routes.length - 2);
});

test('guichet: its profile passes, and a token kept where the profile does not say names auth.session.browserStorage', async () => {
  test.setTimeout(150_000);
  const adminKey = randomBytes(18).toString('base64url');
  const app = await buildGuichet({ dbPath: ':memory:', adminKey, flaws: new Set() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const address = app.server.address();
    const baseURL = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const guichet = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'targets/guichet/profile.json'), 'utf8')) as Json;
    const run = async (profile: Json, name: string): Promise<DoctorReport> => {
      const env = envFor(write(profile, name), baseURL, { GUICHET_ADMIN_KEY: adminKey });
      return runDoctor(resolveTarget(env), env);
    };
    const good = await run(guichet, 'guichet');
    expect(good.ok, doctorTable(good)).toBe(true);
    const session = guichet.auth.session as { browserStorage: Record<string, string> };
    session.browserStorage = { area: 'localStorage', key: 'token' };
    expect(fields(await run(guichet, 'guichet-storage'))).toContain('auth.session.browserStorage');
  } finally {
    await app.close();
  }
});

/** The CLI as a user runs it; asynchronously, since the portal it talks to answers from this process. */
function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/cloison.mjs'), ...args], { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

test('the CLI: bad input is one line and exit 2; a profile the portal contradicts is the table and exit 2, and scan stops there', async () => {
  test.setTimeout(180_000);
  const bad = await cli(['doctor', 'a.json', '--fix']);
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim().split('\n')).toEqual(['cloison doctor: unexpected argument --fix (usage: cloison doctor [profile.json])']);
  const profile = reference();
  profile.auth.login.api = { ...(profile.auth.login.api as object), path: '/api/v2/sessions' };
  const file = write(profile, 'cli-login-path');
  const env = envFor(file, portal.baseUrl, { PORTAL_PROVISIONING_TOKEN: portal.provisioningToken ?? '' });
  const doctorRun = await cli(['doctor', file], env);
  expect(doctorRun.status, doctorRun.stderr).toBe(2);
  expect(doctorRun.stdout).toMatch(/login u075a \(usager\) .* auth\.login\.api\.path/);
  // scan runs the doctor first on a profile that never passed it: the same table, exit 2, no scan.
  const target = resolveTarget({ ...env });
  expect(passedDoctor(profileFingerprint(target.settings))).toBe(false);
  const scan = await cli(['scan', file, '--reporter', 'dot'], { ...env, CLOISON_REPORT_DIR: join(dir, 'reports') });
  expect(scan.status, scan.stderr).toBe(2);
  expect(scan.stdout).toContain('auth.login.api.path');
  expect(scan.stderr).toContain('nothing was scanned');
});
