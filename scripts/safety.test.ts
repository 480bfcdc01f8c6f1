import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { makePassword } from '../src/population/credentials';
import type { RunState } from '../src/run/state';
import { startLoggingProxy, summarize, type LoggingProxy } from './logging-proxy';

/**
 * Safe to point at a recette: a flawed scan (download IDOR, compact population) runs through the
 * logging proxy at CLOISON_MAX_RPS=20 CLOISON_MAX_CONCURRENCY=2 with the HTML and blob reporters,
 * and its reports are merged. Then: no secret that crossed the wire is in any artifact (HTML
 * report data and blob zips unpacked), the ceilings held in every second, and none of the run's
 * sessions still opens anything on the portal. Beside it, two shards of a narrower flawed scan
 * on the embedded portal (each behind its own proxy) and their merge: no secret in any of theirs.
 */
const PORTAL_PORT = Number(process.env.SAFETY_TEST_PORT ?? Number(process.env.PROVISIONING_TEST_PORT ?? 3111) + 2);
const PORTAL = `http://127.0.0.1:${PORTAL_PORT}`;
// The proxy in front of it; for the sharded run, the proxy (CLOISON_PORT) and the embedded portal behind it.
const PROXY_PORT = PORTAL_PORT + 1;
const SHARD_PROXY_PORT = PORTAL_PORT + 6;
const SHARD_PORTAL_PORT = PORTAL_PORT + 7;
const TOKEN = randomBytes(18).toString('base64url');
const PASSWORD_KEY = randomBytes(24).toString('base64url');
const RUN_ID = `SAFE${randomBytes(3).toString('hex').toUpperCase()}`;
const SHARD_RUN_IDS = [1, 2].map((shard) => `SHARD${shard}${randomBytes(3).toString('hex').toUpperCase()}`);
// The checks that handle secrets (form passwords, share tokens, CSRF, fresh sessions) and the one that catches the flaw.
const CHECKS = ['tests/auth', 'tests/sessions', 'tests/objects/piece-access.spec.ts', '--grep', 'login form|Back after|share links|fixation|after logout|session cookie|pièce download through api'];
// Narrower, for the two shards: a typed password, a share token, a fresh session and the flaw.
const SHARD_CHECKS = ['tests/auth', 'tests/sessions', 'tests/objects/piece-access.spec.ts', '--grep', 'a usager signs in through the form|Back after the usager|share links .* open for|pièce download through api .* each usager'];

let dir = '';
let portal: ChildProcess | undefined;
let proxy: LoggingProxy | undefined;
let scan: { status: number | null; output: string } = { status: null, output: '' };

test.describe('a flawed scan through the logging proxy, its blob report merged', () => {
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    test.setTimeout(420_000);
    dir = mkdtempSync(join(tmpdir(), 'cloison-safety-'));
    portal = spawn('node', ['--import', 'tsx', 'portal/src/server.ts', '--port', String(PORTAL_PORT)], {
      env: { ...process.env, PORTAL_DB: ':memory:', PORTAL_UPLOADS: join(dir, 'uploads'), PORTAL_PROVISIONING_TOKEN: TOKEN, PORTAL_FLAWS: 'download-idor', PORTAL_SHARE_TTL_SECONDS: '5' },
      stdio: 'ignore',
    });
    for (let attempt = 0; ; attempt++) {
      if (await fetch(`${PORTAL}/connexion`).then((answer) => answer.ok, () => false)) break;
      if (attempt > 150) throw new Error(`the reference portal did not start on ${PORTAL}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    proxy = await startLoggingProxy(PORTAL, PROXY_PORT);
    // The reference profile without its teardown: deleting the run's people would end their sessions
    // too, and hide whether the run logged each one out.
    const { teardown, ...profile } = JSON.parse(readFileSync('profiles/reference-portal.json', 'utf8')) as Record<string, unknown>;
    expect(teardown).toBeDefined();
    writeFileSync(join(dir, 'no-teardown.profile.json'), JSON.stringify(profile));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CLOISON_PROFILE: join(dir, 'no-teardown.profile.json'),
      CLOISON_BASE_URL: proxy.url,
      CLOISON_RUN_ID: RUN_ID,
      CLOISON_PASSWORD_KEY: PASSWORD_KEY,
      PORTAL_PROVISIONING_TOKEN: TOKEN,
      CLOISON_POPULATION: 'seeds/matrix.json',
      CLOISON_WORKERS: '2',
      CLOISON_REPORT_DIR: join(dir, 'reports'),
      CLOISON_BLOB: '1',
      CLOISON_MAX_RPS: '20',
      CLOISON_MAX_CONCURRENCY: '2',
    };
    delete env.CLOISON_QUIET;
    const { status, output } = await playwright(CHECKS, env);
    const merged = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/merge-reports.ts', '--out', join(dir, 'merged'), join(dir, 'reports')], { encoding: 'utf8' });
    scan = { status, output: `${output}${merged.stdout}${merged.stderr}` };
  });

  test.afterAll(async () => {
    await proxy?.close();
    portal?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(join('.cloison', 'runs', RUN_ID), { recursive: true, force: true });
  });

  test('the flawed scan ran and caught the flaw', () => {
    expect(scan.status, scan.output.slice(-3000)).toBe(1);
    expect(existsSync(join(dir, 'merged', 'html', 'index.html')), 'merged HTML report').toBe(true);
  });

  test('no password, session id, CSRF token, share token nor the provisioning token in any artifact, Playwright\'s included', () => {
    const secrets = secretsOf(proxy?.log ?? []);
    // The harvest itself must have found each kind: an empty list would make this test pass for nothing.
    for (const kind of ['password', 'session', 'csrf', 'share', 'provisioning'] as const) expect(secrets.filter((secret) => secret.kind === kind).length, kind).toBeGreaterThan(0);
    const artifacts = [...unpacked(join(dir, 'reports')), ...unpacked(join(dir, 'merged')), ...unpacked(join('.cloison', 'runs', RUN_ID)), { name: 'scan output', text: scan.output }];
    // Proof that the reports were opened, not just listed: their step titles are in there.
    expect(artifacts.some((artifact) => artifact.name.includes('index.html#') && artifact.text.includes('login form'))).toBe(true);
    expect(artifacts.some((artifact) => artifact.name.includes('.zip#') && artifact.text.includes('onStepBegin'))).toBe(true);
    expect(hitsOf(secrets, artifacts)).toEqual([]);
    console.log(`${secrets.length} secrets searched in ${artifacts.length} artifacts: 0 hits`);
  });

  test('at CLOISON_MAX_RPS=20 CLOISON_MAX_CONCURRENCY=2: never more than 21 requests in any one-second window, nor 2 in flight', () => {
    const log = proxy?.log ?? [];
    const summary = summarize(log);
    test.info().annotations.push({ type: 'proxy', description: JSON.stringify(summary) });
    // Every kind of request crossed the proxy: provisioning, sign-ins, API probes, pages and their sub-requests.
    expect(log.some((entry) => entry.url.startsWith('/api/provisioning/'))).toBe(true);
    expect(log.some((entry) => entry.method === 'POST' && entry.url === '/api/v2/session')).toBe(true);
    expect(log.some((entry) => entry.method === 'GET' && /^\/api\/v2\/pieces\/[^/]+\/contenu/.test(entry.url))).toBe(true);
    expect(log.some((entry) => (entry.requestHeaders.accept ?? '').includes('text/html'))).toBe(true);
    expect(log.some((entry) => entry.url.startsWith('/static/'))).toBe(true);
    console.log(`through the proxy: ${summary.requests} requests; busiest one-second window ${summary.busiestSecond}; highest in flight ${summary.highestInFlight}`);
    expect(summary.busiestSecond, `busiest second: ${busiestWindow(log).join(', ')}`).toBeLessThanOrEqual(21);
    expect(summary.highestInFlight).toBeLessThanOrEqual(2);
  });

  test('after the run, none of its sessions opens anything on the portal; no session file left; its folders are private', async () => {
    const sessions = [...new Set((proxy?.log ?? []).flatMap((entry) => setCookies(entry.responseHeaders?.['set-cookie']).filter((cookie) => cookie.name === 'sid').map((cookie) => cookie.value)))];
    expect(sessions.length).toBeGreaterThan(7);
    const stillValid: number[] = [];
    for (const [index, sid] of sessions.entries()) {
      const answer = await fetch(`${PORTAL}/api/v2/moi`, { headers: { cookie: `sid=${sid}` }, redirect: 'manual' });
      if (answer.status === 200 && (await answer.text()).includes('@')) stillValid.push(index);
    }
    expect(stillValid, `${stillValid.length} of ${sessions.length} sessions still valid`).toEqual([]);
    // Positive control: the run's people are still there (no teardown), and a session of theirs is seen as valid.
    const state = JSON.parse(readFileSync(join('.cloison', 'runs', RUN_ID, 'state.json'), 'utf8')) as RunState;
    const person = state.people[0];
    if (!person) throw new Error('the run seeded nobody');
    const signIn = await fetch(`${PORTAL}/api/v2/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: person.email, password: makePassword(person.key, PASSWORD_KEY) }) });
    const control = setCookies(signIn.headers.getSetCookie()).find((cookie) => cookie.name === 'sid');
    const whoami = await fetch(`${PORTAL}/api/v2/moi`, { headers: { cookie: `sid=${control?.value ?? ''}` }, redirect: 'manual' });
    expect(whoami.status).toBe(200);
    expect(await whoami.text()).toContain(person.email);
    console.log(`${stillValid.length} of ${sessions.length} sessions of the run still valid on the portal (its people still there: a fresh sign-in is)`);
    const run = join('.cloison', 'runs', RUN_ID);
    for (const folder of ['sessions', 'fresh-sessions']) {
      const path = join(run, folder);
      if (!existsSync(path)) continue;
      expect(readdirSync(path), folder).toEqual([]);
      expect(statSync(path).mode & 0o777, folder).toBe(0o700);
    }
    expect(statSync(run).mode & 0o777).toBe(0o700);
  });
});

let shardDir = '';

test.afterAll(() => {
  if (shardDir) rmSync(shardDir, { recursive: true, force: true });
  for (const runId of SHARD_RUN_IDS) rmSync(join('.cloison', 'runs', runId), { recursive: true, force: true });
  for (const shard of [0, 1]) rmSync(join('.cloison', `portal-uploads-${SHARD_PROXY_PORT + 2 * shard}`), { recursive: true, force: true });
});

test('two shards of a flawed embedded scan, each behind the proxy, and their merge: no secret in any artifact, the recorded config included', async () => {
  test.setTimeout(300_000);
  shardDir = mkdtempSync(join(tmpdir(), 'cloison-shards-'));
  // The embedded portal as a shard launches it (Playwright's webServer, the token in the
  // environment, never in the recorded config), on a port behind a logging proxy that sees what
  // crosses the wire: the profile's own launch, with only the port changed.
  const profile = JSON.parse(readFileSync('profiles/reference-portal.json', 'utf8')) as { launch: { command: string } };
  const shards = await Promise.all(
    SHARD_RUN_IDS.map(async (runId, index) => {
      const front = await startLoggingProxy(`http://127.0.0.1:${SHARD_PORTAL_PORT + 2 * index}`, SHARD_PROXY_PORT + 2 * index);
      const file = join(shardDir, `shard-${index + 1}.profile.json`);
      writeFileSync(file, JSON.stringify({ ...profile, launch: { ...profile.launch, command: profile.launch.command.replace('{port}', String(SHARD_PORTAL_PORT + 2 * index)) } }));
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        CLOISON_PROFILE: file,
        CLOISON_PORT: String(SHARD_PROXY_PORT + 2 * index),
        PORTAL_FLAWS: 'download-idor',
        CLOISON_RUN_ID: runId,
        CLOISON_PASSWORD_KEY: PASSWORD_KEY,
        PORTAL_PROVISIONING_TOKEN: TOKEN,
        CLOISON_POPULATION: 'seeds/matrix.json',
        CLOISON_WORKERS: '1',
        CLOISON_REPORT_DIR: join(shardDir, `shard-${index + 1}`),
        CLOISON_BLOB: '1',
      };
      delete env.CLOISON_QUIET;
      delete env.CLOISON_BASE_URL;
      try {
        return { ...(await playwright([...SHARD_CHECKS, '--shard', `${index + 1}/2`], env)), log: front.log };
      } finally {
        await front.close();
      }
    }),
  );
  const merge = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/merge-reports.ts', '--out', join(shardDir, 'shards-merged'), join(shardDir, 'shard-1'), join(shardDir, 'shard-2')], { encoding: 'utf8' });
  const output = [...shards.map((shard) => shard.output), merge.stdout, merge.stderr].join('\n');
  // Both shards ran their half (0 or 1, never 2: every test they hold ran), the flaw was caught, and the merge holds both.
  for (const shard of shards) expect([0, 1], output.slice(-3000)).toContain(shard.status);
  expect(merge.status, output.slice(-3000)).toBe(1);
  const secrets = secretsOf(shards.flatMap((shard) => shard.log), SHARD_RUN_IDS);
  for (const kind of ['password', 'session', 'csrf', 'share', 'provisioning'] as const) expect(secrets.filter((secret) => secret.kind === kind).length, kind).toBeGreaterThan(0);
  const artifacts = [
    ...unpacked(join(shardDir, 'shard-1')),
    ...unpacked(join(shardDir, 'shard-2')),
    ...unpacked(join(shardDir, 'shards-merged')),
    ...SHARD_RUN_IDS.flatMap((runId) => unpacked(join('.cloison', 'runs', runId))),
    { name: 'shards and merge output', text: output },
  ];
  // Opened, not just listed: both shards' blobs with the recorded webServer config, the merged HTML report's data.
  for (const shard of ['shard-1', 'shard-2']) expect(artifacts.some((artifact) => artifact.name.includes(`${shard}/blob/`) && artifact.name.includes('.zip#') && artifact.text.includes('PORTAL_UPLOADS')), shard).toBe(true);
  for (const title of ['signs in through the form', 'download through api']) expect(artifacts.some((artifact) => artifact.name.includes('shards-merged/html/index.html#') && artifact.text.includes(title)), title).toBe(true);
  expect(hitsOf(secrets, artifacts)).toEqual([]);
  console.log(`2 shards and their merge: ${secrets.length} secrets searched in ${artifacts.length} artifacts: 0 hits`);
});

/** `playwright test` as a child (its own CLI, without npx), asynchronously: the proxies answer from this very process. */
async function playwright(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  const child = spawn(process.execPath, [join('node_modules', '@playwright', 'test', 'cli.js'), 'test', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { status, output };
}

/** Every secret found in an artifact, as typed, and as a form or a URL carries it. */
function hitsOf(secrets: Secret[], artifacts: { name: string; text: string }[]): string[] {
  return secrets.flatMap((secret, index) =>
    artifacts.filter((artifact) => artifact.text.includes(secret.value) || artifact.text.includes(encodeURIComponent(secret.value))).map((artifact) => `${secret.kind} #${index} in ${artifact.name}`),
  );
}

/** The requests of the busiest one-second window, by method and first path segments (never a token). */
function busiestWindow(log: NonNullable<LoggingProxy['log']>): string[] {
  const sorted = [...log].sort((a, b) => a.start - b.start);
  let best: typeof sorted = [];
  for (const [index, entry] of sorted.entries()) {
    const window = sorted.slice(index).filter((other) => other.start < entry.start + 1000);
    if (window.length > best.length) best = window;
  }
  return best.map((entry) => `${entry.start - (best[0]?.start ?? 0)}ms ${entry.method} ${entry.url.split(/[/?]/).slice(0, 3).join('/')}`);
}

interface Secret {
  kind: 'password' | 'session' | 'csrf' | 'share' | 'provisioning';
  value: string;
}

/** Every secret of the run: the passwords it derived, and what the proxy saw cross the wire. */
function secretsOf(log: NonNullable<LoggingProxy['log']>, runIds = [RUN_ID]): Secret[] {
  const secrets: Secret[] = runIds.flatMap((runId) => {
    const state = JSON.parse(readFileSync(join('.cloison', 'runs', runId, 'state.json'), 'utf8')) as RunState;
    return state.people.map((person): Secret => ({ kind: 'password', value: makePassword(person.key, PASSWORD_KEY) }));
  });
  secrets.push({ kind: 'provisioning', value: TOKEN });
  for (const entry of log) {
    for (const cookie of setCookies(entry.responseHeaders?.['set-cookie'])) if (cookie.value.length >= 16) secrets.push({ kind: 'session', value: cookie.value });
    const csrf = entry.requestHeaders['x-csrf-token'];
    if (typeof csrf === 'string') secrets.push({ kind: 'csrf', value: csrf });
    if (!entry.json) continue;
    const json = JSON.parse(entry.json) as { csrfToken?: unknown; token?: unknown };
    if (typeof json.csrfToken === 'string') secrets.push({ kind: 'csrf', value: json.csrfToken });
    if (typeof json.token === 'string') secrets.push({ kind: 'share', value: json.token });
  }
  const seen = new Set<string>();
  return secrets.filter((secret) => secret.value.length >= 8 && !seen.has(secret.value) && seen.add(secret.value));
}

function setCookies(header: string | string[] | undefined): { name: string; value: string }[] {
  return (Array.isArray(header) ? header : header ? [header] : []).map((line) => {
    const [pair = ''] = line.split(';');
    const equals = pair.indexOf('=');
    return { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim() };
  });
}

/** Every file under a folder as text, with zips (blob reports) and the HTML report's embedded data unpacked. */
function unpacked(folder: string): { name: string; text: string }[] {
  if (!existsSync(folder)) return [];
  const out: { name: string; text: string }[] = [];
  const addZip = (name: string, bytes: Uint8Array): void => {
    for (const [entry, content] of Object.entries(unzipSync(bytes))) {
      const entryName = `${name}#${entry}`;
      if (entry.endsWith('.zip')) addZip(entryName, content);
      else out.push({ name: entryName, text: Buffer.from(content).toString('latin1') });
    }
  };
  for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const path = join(folder, name);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    if (name.endsWith('.zip')) addZip(path, bytes);
    else {
      const text = bytes.toString('latin1');
      out.push({ name: path, text });
      for (const match of text.matchAll(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/g)) addZip(`${path}#`, Buffer.from(match[1] ?? '', 'base64'));
    }
  }
  return out;
}
