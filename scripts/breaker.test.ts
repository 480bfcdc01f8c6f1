import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * The circuit breaker, end to end: the reference portal is killed while the scan probes it; the
 * run must end within 15 s of the kill, with one "target gone" message, not minutes later after
 * a connection error per remaining test.
 */
const PORT = Number(process.env.BREAKER_TEST_PORT ?? Number(process.env.PROVISIONING_TEST_PORT ?? 3111) + 4);
const BASE = `http://127.0.0.1:${PORT}`;
const RUN_ID = `GONE${randomBytes(3).toString('hex').toUpperCase()}`;

let dir = '';
let portal: ChildProcess | undefined;

test.afterAll(() => {
  portal?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  rmSync(join('.cloison', 'runs', RUN_ID), { recursive: true, force: true });
});

test('killing the portal mid-run ends the run in under 15 s with one "target gone" message, exit 2', async () => {
  // The scan as a user runs it (its exit code is the gate's); the doctor may run first on this new base URL.
  test.setTimeout(360_000);
  dir = mkdtempSync(join(tmpdir(), 'cloison-breaker-'));
  const token = randomBytes(18).toString('base64url');
  portal = spawn('node', ['--import', 'tsx', 'portal/src/server.ts', '--port', String(PORT)], {
    env: { ...process.env, PORTAL_DB: ':memory:', PORTAL_UPLOADS: join(dir, 'uploads'), PORTAL_PROVISIONING_TOKEN: token, PORTAL_FLAWS: '' },
    stdio: 'ignore',
  });
  for (let attempt = 0; !(await fetch(`${BASE}/connexion`).then((answer) => answer.ok, () => false)); attempt++) {
    if (attempt > 150) throw new Error(`the reference portal did not start on ${BASE}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const scan = spawn(process.execPath, ['--import', 'tsx', 'scripts/scan.ts'], {
    env: { ...process.env, CLOISON_QUIET: '1', CLOISON_BASE_URL: BASE, CLOISON_RUN_ID: RUN_ID, PORTAL_PROVISIONING_TOKEN: token, CLOISON_POPULATION: 'seeds/matrix.json', CLOISON_WORKERS: '2', CLOISON_REPORT_DIR: join(dir, 'reports') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  scan.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  scan.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => scan.on('exit', resolve));
  // Once the setup has seeded and signed everyone in, the probes are under way: the portal dies.
  const state = join('.cloison', 'runs', RUN_ID, 'state.json');
  for (let waited = 0; !existsSync(state); waited += 200) {
    if (waited > 300_000 || scan.exitCode !== null) throw new Error(`the setup never finished:\n${output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  portal.kill('SIGKILL');
  const killedAt = Date.now();
  const status = await exited;
  const seconds = (Date.now() - killedAt) / 1000;
  test.info().annotations.push({ type: 'ended after the kill', description: `${seconds.toFixed(1)} s` });
  console.log(`the run ended ${seconds.toFixed(1)} s after the portal was killed`);
  // Nothing was found and the declared checks did not all run: 2, not Playwright's 1.
  expect(status, output.slice(-2000)).toBe(2);
  expect(output.match(/target gone at /g), output.slice(-2000)).toHaveLength(1);
  expect(output).toMatch(/cloison: target gone at \S+ \(.*\), probes of \d+ tests not sent/);
  expect(seconds, output.slice(-2000)).toBeLessThan(15);
});
