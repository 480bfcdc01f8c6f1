import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { runDir } from '../run/state';
import { publishLimiter, startLimiterServer } from '../transport/limiter';

/**
 * An adapter's own requests (a provisioning hook that calls the target itself) wait for the run's
 * limiter like cloison's: a hook firing four requests at once has one in flight at a time under a
 * ceiling of one, and four without a ceiling (the control).
 */
test('the requests an adapter hook sends go through the run\'s limiter', async () => {
  test.setTimeout(90_000);
  let inFlight = 0;
  let highest = 0;
  const target = http.createServer((_request, response) => {
    highest = Math.max(highest, ++inFlight);
    setTimeout(() => {
      inFlight--;
      response.end('{}');
    }, 150);
  });
  await new Promise<void>((done) => target.listen(0, '127.0.0.1', done));
  const baseURL = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'cloison-adapter-'));
  const adapter = join(dir, 'adapter.ts');
  writeFileSync(adapter, `export default { async readIds({ api }) { await Promise.all([1, 2, 3, 4].map((n) => api.get('/ids/' + n))); return {}; } };\n`);
  const script = `
    import { request } from '@playwright/test';
    import { loadAdapter } from ${JSON.stringify(resolve('src/adapter/load.ts'))};
    const adapter = await loadAdapter({ adapter: ${JSON.stringify(adapter)} });
    const api = await request.newContext({ baseURL: ${JSON.stringify(baseURL)} });
    await adapter.readIds({ api, baseURL: '', profile: {}, person: {}, headers: {} });
    await api.dispose();`;
  const runIds: string[] = [];
  const hook = async (limiter: string | undefined): Promise<number> => {
    highest = 0;
    // The run's limiter is found where global setup leaves its address: the run's folder.
    const runId = `LIM${randomBytes(3).toString('hex').toUpperCase()}`;
    runIds.push(runId);
    publishLimiter(runId, limiter);
    // Asynchronous: the target answers from this very process.
    await new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, CLOISON_RUN_ID: runId }, stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`the hook's process exited ${code}`))));
    });
    return highest;
  };
  const server = await startLimiterServer({ requestsPerSecond: 0, concurrency: 1 });
  try {
    expect(await hook(undefined)).toBe(4);
    expect(await hook(server.address)).toBe(1);
  } finally {
    await server.close();
    target.close();
    rmSync(dir, { recursive: true, force: true });
    for (const runId of runIds) rmSync(runDir(runId), { recursive: true, force: true });
  }
});
