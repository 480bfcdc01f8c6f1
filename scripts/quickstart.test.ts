import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PACKAGE_ROOT } from '../src/cli/package';
import { templateKey } from '../src/init/endpoints';
import type { Profile } from '../src/profile/schema';
import { validateProfile } from '../src/profile/validate';
import { installPacked, type PackedInstall } from './packed-install';

/**
 * The README's quick start, end to end, from an empty folder where only the packed package is
 * installed (`npm pack`, then an install of the tarball): `npx cloison init` drafts a profile
 * (the reference portal: its OpenAPI document plus a session it records; guichet, which publishes
 * no document: the recorded session alone), the user's answers to the draft's questions go in as
 * an answers file, `npx cloison doctor` accepts it, and the scan of the secure target exits 0.
 * The answers are what a person would write: copied from the hand-written profile, for exactly
 * the fields the draft asks about (people, policy, provisioning…), nothing of the routes.
 * The two scans take minutes: they run with the packed-package tests (CLOISON_PACKAGE_TEST=1).
 */
test.describe.configure({ mode: 'serial', timeout: 10 * 60_000 });

const SCANS = !!process.env.CLOISON_PACKAGE_TEST;
// The recording account a QA team would be given; its password is never written to a file.
const RECORDER = { email: 'recorder@example.test', password: `Rec-${randomBytes(9).toString('base64url')}` };

function handWritten(file: string): Profile {
  return JSON.parse(readFileSync(path.join(PACKAGE_ROOT, file), 'utf8')) as Profile;
}

function templates(profile: Profile): Set<string> {
  return new Set(profile.routes.map((route) => templateKey(route.method, route.path)));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Target {
  baseURL: string;
  env: NodeJS.ProcessEnv;
  stop: () => void;
}

/** A target as its own process, as a user's staging portal is: the scan's subprocesses reach it over HTTP. */
async function startTarget(script: string, env: NodeJS.ProcessEnv, readyPath: string): Promise<Target> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, '--port', String(port)], { cwd: PACKAGE_ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  const baseURL = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`${baseURL}${readyPath}`).then((response) => response.ok, () => false);
    if (ready) break;
    if (attempt > 120 || child.exitCode !== null) throw new Error(`${script} did not start on ${baseURL}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { baseURL, env, stop: () => void child.kill() };
}

async function send(url: string, init: RequestInit): Promise<Record<string, string>> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

function pdf(): Blob {
  return new Blob(['%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'], { type: 'application/pdf' });
}

// The package is packed and installed once (about 30 s) for both targets: cloison is what `npx` finds there.
let installed: PackedInstall | undefined;
test.beforeAll(() => {
  installed = installPacked();
});
test.afterAll(() => {
  if (installed) rmSync(installed.dir, { recursive: true, force: true });
});

/** `npx cloison <args>` run from the user's folder, with nothing of this repository's settings. */
function cloison(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CLOISON_') || name.endsWith('_PORT')));
  return spawnSync('npx', ['--no-install', 'cloison', ...args], { cwd, encoding: 'utf8', timeout: 8 * 60_000, env: { ...clean, ...env } });
}

function answers(folder: string, values: Record<string, unknown>): string {
  const file = path.join(folder, 'answers.json');
  writeFileSync(file, JSON.stringify(values, null, 2));
  return file;
}

for (const target of [
  {
    name: 'the reference portal, from its OpenAPI document and a recorded session',
    profile: 'profiles/reference-portal.json',
    start: async (): Promise<Target> => {
      const token = randomBytes(12).toString('hex');
      const started = await startTarget('portal/src/server.ts', { PORTAL_DB: ':memory:', PORTAL_UPLOADS: mkdtempSync(path.join(tmpdir(), 'cloison-quickstart-uploads-')), PORTAL_PROVISIONING_TOKEN: token, PORTAL_SHARE_TTL_SECONDS: '5' }, '/connexion');
      const headers = { 'X-Provisioning-Token': token };
      const usager = await send(`${started.baseURL}/api/provisioning/usagers`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ prenom: 'Rita', nom: 'Recorder', dateNaissance: '1990-01-01', nir: '190017500000001', email: RECORDER.email, password: RECORDER.password, adresse: '1 rue du Test', mdph: '075' }),
      });
      const form = new FormData();
      form.set('dossierId', String(usager.dossierId));
      form.set('type', 'certificat_medical');
      form.set('titre', 'Certificat');
      form.set('fichier', pdf(), 'certificat.pdf');
      await send(`${started.baseURL}/api/provisioning/pieces`, { method: 'POST', headers, body: form });
      return started;
    },
    init: (baseURL: string): string[] => ['--openapi', `${baseURL}/api/openapi.json`, '--record', `${baseURL}/connexion`],
    answered: (reference: Profile): Record<string, unknown> => ({
      provisioning: { ...reference.provisioning, file: null, lookup: null },
      teardown: reference.teardown,
      bindings: reference.bindings,
      people: reference.people,
      policy: reference.policy,
      share: { ttlSeconds: reference.share?.ttlSeconds },
    }),
    coverage: 0.8,
  },
  {
    name: 'guichet, from a recorded session alone',
    profile: 'targets/guichet/profile.json',
    start: async (): Promise<Target> => {
      const key = randomBytes(12).toString('hex');
      const started = await startTarget('targets/guichet/src/server.ts', { GUICHET_DB: ':memory:', GUICHET_ADMIN_KEY: key }, '/app/login');
      const headers = { 'X-Guichet-Admin-Key': key };
      const member = await send(`${started.baseURL}/v3/admin/members`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'citizen', email: RECORDER.email, secret: RECORDER.password, givenName: 'Rita', familyName: 'Recorder', office: '075' }),
      });
      const form = new FormData();
      form.set('label', 'Certificate');
      form.set('kind', 'certificat_medical');
      form.set('content', pdf(), 'certificate.pdf');
      await send(`${started.baseURL}/v3/admin/cases/${member.caseRef}/files`, { method: 'POST', headers, body: form });
      return started;
    },
    init: (baseURL: string): string[] => ['--record', `${baseURL}/app/login`],
    answered: (reference: Profile): Record<string, unknown> => ({
      provisioning: { ...reference.provisioning, file: null, lookup: null },
      people: reference.people,
      policy: reference.policy,
    }),
    // A citizen's pages reach everything but the clerks' queue: 11 of the 12 hand-written templates.
    coverage: 0.8,
  },
]) {
  test.describe(target.name, () => {
    let folder = '';
    let running: Target | undefined;
    test.beforeAll(async () => {
      // A folder of the user's project, where the package is installed: npx finds it from there.
      folder = mkdtempSync(path.join((installed as PackedInstall).app, 'quickstart-'));
      running = await target.start();
    });
    test.afterAll(() => {
      running?.stop();
    });

    test('init drafts a profile that doctor accepts, covering the hand-written routes; its scan exits 0', () => {
      const reference = handWritten(target.profile);
      const { baseURL, env } = running as Target;
      const initialised = cloison(['init', ...target.init(baseURL), '--user', RECORDER.email, '--answers', answers(folder, target.answered(reference)), '--out', 'portal.json'], folder, { CLOISON_INIT_PASSWORD: RECORDER.password });
      expect(initialised.status, initialised.stderr).toBe(0);
      const draft = validateProfile(JSON.parse(readFileSync(path.join(folder, 'portal.json'), 'utf8')), 'portal.json');
      expect(readFileSync(path.join(folder, 'portal.json'), 'utf8')).not.toContain(RECORDER.password);

      const wanted = templates(reference);
      const got = templates(draft);
      const covered = [...wanted].filter((template) => got.has(template));
      test.info().annotations.push({ type: 'coverage', description: `${covered.length}/${wanted.size} hand-written route templates` });
      expect(covered.length / wanted.size, `missing: ${[...wanted].filter((template) => !got.has(template)).join(', ')}`).toBeGreaterThanOrEqual(target.coverage);

      const run = { ...env, CLOISON_POPULATION: path.join((installed as PackedInstall).app, 'node_modules', 'cloison', 'seeds', 'matrix.json'), CLOISON_WORKERS: '1' };
      const doctor = cloison(['doctor', 'portal.json'], folder, run);
      expect(doctor.status, doctor.stdout + doctor.stderr).toBe(0);
      expect(doctor.stdout).toContain('the profile matches the portal');
      if (!SCANS) return;

      const scan = cloison(['scan', 'portal.json', '--reporter', 'dot'], folder, run);
      expect(scan.status, scan.stdout.slice(-3000) + scan.stderr).toBe(0);
      const report = JSON.parse(readFileSync(path.join(folder, 'reports', 'findings.json'), 'utf8')) as { findings: unknown[]; run: { verdict: { exitCode: number } } };
      expect(report.findings).toEqual([]);
      expect(report.run.verdict.exitCode).toBe(0);
    });
  });
}
