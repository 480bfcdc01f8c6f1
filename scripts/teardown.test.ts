import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';

/**
 * Nothing left behind: the reference portal runs on a database file, so that what a scan leaves
 * in it can be counted from outside, and scans run against it with the reference profile, whose
 * `teardown` section says how seeded objects are removed. After a passed, a failed and an
 * interrupted run, and after `cloison cleanup` of a run killed while it provisioned: not one of
 * the run's accounts, dossiers, pièces, files nor signed-in sessions is left.
 */
const PORT = Number(process.env.TEARDOWN_TEST_PORT ?? Number(process.env.PROVISIONING_TEST_PORT ?? 3111) + 6);
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = randomBytes(18).toString('base64url');
const PLAYWRIGHT = join('node_modules', '@playwright', 'test', 'cli.js');

test.describe.configure({ mode: 'serial' });

let dir = '';
let portal: ChildProcess | undefined;
const runs: string[] = [];

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloison-teardown-'));
  // A flawed portal: the download check fails there, the metadata check passes.
  portal = spawn('node', ['--import', 'tsx', 'portal/src/server.ts', '--port', String(PORT)], {
    env: { ...process.env, PORTAL_DB: join(dir, 'portal.db'), PORTAL_UPLOADS: join(dir, 'uploads'), PORTAL_PROVISIONING_TOKEN: TOKEN, PORTAL_FLAWS: 'download-idor' },
    stdio: 'ignore',
  });
  for (let attempt = 0; !(await fetch(`${BASE}/connexion`).then((answer) => answer.ok, () => false)); attempt++) {
    if (attempt > 600 || portal?.exitCode != null) throw new Error(`the reference portal did not start on ${BASE}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

test.afterAll(() => {
  portal?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
  for (const runId of runs) rmSync(join('.cloison', 'runs', runId), { recursive: true, force: true });
});

function newRun(prefix: string): string {
  const runId = `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;
  runs.push(runId);
  return runId;
}

const env = (runId: string): NodeJS.ProcessEnv => ({
  ...process.env,
  CLOISON_QUIET: '1',
  CLOISON_BASE_URL: BASE,
  CLOISON_RUN_ID: runId,
  PORTAL_PROVISIONING_TOKEN: TOKEN,
  CLOISON_POPULATION: 'seeds/matrix.json',
  CLOISON_WORKERS: '1',
  CLOISON_REPORT_DIR: join(dir, `reports-${runId}`),
});

interface Scan {
  status: number | null;
  output: string;
}

/** A scan as a child process; `stop` is called once it is under way and may interrupt it. */
async function scan(runId: string, args: string[], stop?: (child: ChildProcess, output: () => string) => Promise<void>): Promise<Scan> {
  const child = spawn(process.execPath, [PLAYWRIGHT, 'test', ...args], { env: env(runId), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await stop?.(child, () => output);
  return { status: await exited, output };
}

async function until(what: string, ready: () => boolean, child: ChildProcess, output: () => string): Promise<void> {
  for (let waited = 0; !ready(); waited += 100) {
    if (waited > 180_000 || child.exitCode !== null) throw new Error(`never ${what}:\n${output().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const createdLines = (runId: string): number => {
  const file = join('.cloison', 'runs', runId, 'seeded.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('"created"')).length : 0;
};

/** What of the run is in the portal's database and its uploads folder, counted from outside. */
function leftOnPortal(runId: string): { accounts: number; dossiers: number; pieces: number; sessions: number; files: number } {
  const db = new Database(join(dir, 'portal.db'), { readonly: true });
  try {
    const pattern = `%${runId.toLowerCase()}%`;
    const count = (sql: string): number => (db.prepare(sql).get(pattern) as { n: number }).n;
    const uploads = join(dir, 'uploads');
    return {
      accounts: count('SELECT count(*) AS n FROM users WHERE email LIKE ?'),
      dossiers: count('SELECT count(*) AS n FROM dossiers d JOIN users u ON u.id = d.usager_id WHERE u.email LIKE ?'),
      pieces: count(`SELECT count(*) AS n FROM pieces WHERE stored_name LIKE ?`),
      sessions: count('SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email LIKE ?'),
      files: existsSync(uploads)
        ? readdirSync(uploads, { recursive: true, encoding: 'utf8' }).filter((name) => name.toLowerCase().includes(runId.toLowerCase()) && statSync(join(uploads, name)).isFile()).length
        : 0,
    };
  } finally {
    db.close();
  }
}

const NOTHING = { accounts: 0, dossiers: 0, pieces: 0, sessions: 0, files: 0 };

test('a passed run removes every object it seeded', async () => {
  test.setTimeout(300_000);
  const runId = newRun('TDP');
  const result = await scan(runId, ['tests/objects/piece-access.spec.ts', '--grep', 'pièce metadata through api']);
  expect(result.status, result.output.slice(-3000)).toBe(0);
  expect(createdLines(runId)).toBe(15);
  expect(result.output).toContain(`15 object(s) seeded by run ${runId} removed from the target`);
  expect(leftOnPortal(runId)).toEqual(NOTHING);
});

test('a failed run removes every object it seeded', async () => {
  test.setTimeout(300_000);
  const runId = newRun('TDF');
  const result = await scan(runId, ['tests/objects/piece-access.spec.ts', '--grep', 'pièce download through api']);
  expect(result.status, result.output.slice(-3000)).toBe(1);
  expect(createdLines(runId)).toBe(15);
  expect(leftOnPortal(runId)).toEqual(NOTHING);
});

test('a run interrupted while it probes removes every object it seeded and ends its sessions', async () => {
  test.setTimeout(300_000);
  const runId = newRun('TDI');
  const state = join('.cloison', 'runs', runId, 'state.json');
  const result = await scan(runId, ['tests/objects/piece-access.spec.ts'], async (child, output) => {
    await until('finished the setup', () => existsSync(state), child, output);
    // Sessions saved and probes under way: this is what an interruption leaves without teardown.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(leftOnPortal(runId).accounts).toBe(7);
    child.kill('SIGINT');
  });
  expect(result.status, result.output.slice(-3000)).not.toBe(0);
  expect(result.output).toContain(`15 object(s) seeded by run ${runId} removed from the target`);
  expect(leftOnPortal(runId)).toEqual(NOTHING);
});

test('cloison cleanup lists what a run killed while provisioning left on the target, then removes it', async () => {
  test.setTimeout(300_000);
  const runId = newRun('TDK');
  await scan(runId, ['tests/objects/piece-access.spec.ts'], async (child, output) => {
    // Every person created (7), documents under way: an object whose creation is in flight when the
    // run dies is not known to it, but a document lives in its owner's dossier and goes with it.
    await until('seeded its people', () => createdLines(runId) >= 8, child, output);
    // No teardown at all: the process dies at once.
    child.kill('SIGKILL');
  });
  // Playwright's worker may outlive its killed runner for a moment: wait until it has stopped seeding.
  for (let seen = -1; seen !== createdLines(runId); ) {
    seen = createdLines(runId);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const before = leftOnPortal(runId);
  expect(before.accounts).toBeGreaterThan(0);
  const cleanup = (args: string[]): { status: number | null; output: string } => {
    const result = spawnSync(process.execPath, ['bin/cloison.mjs', 'cleanup', ...args], { env: env(runId), encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const listed = cleanup([]);
  expect(listed.status, listed.output).toBe(0);
  expect(listed.output).toMatch(new RegExp(`${runId} .*still on ${BASE.replace(/[.]/g, '\\.')}`));
  const removed = cleanup([runId]);
  expect(removed.status, removed.output).toBe(0);
  expect(removed.output).toContain(`removed ${join('.cloison', 'runs', runId)}`);
  expect(leftOnPortal(runId)).toEqual(NOTHING);
  expect(existsSync(join('.cloison', 'runs', runId))).toBe(false);
});
