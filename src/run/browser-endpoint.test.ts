import { rmSync, statSync } from 'node:fs';
import { chromium, expect, test } from '@playwright/test';
import { launchBrowserServer } from '../browser/chromium';
import { publishBrowserEndpoint, readBrowserEndpoint } from './browser-endpoint';
import { runDir } from './state';

test('a worker that ends closes only its own connection: the run’s browser serves the next worker', async () => {
  const runId = `browser-endpoint-${process.pid}`;
  expect(readBrowserEndpoint(runId)).toBeUndefined();
  const server = await launchBrowserServer(['127.0.0.1']);
  try {
    publishBrowserEndpoint(runId, server.wsEndpoint);
    const endpoint = readBrowserEndpoint(runId);
    expect(endpoint).toBe(server.wsEndpoint);
    // Whoever reads the address drives the browser: only the run's user may read it.
    expect(statSync(`${runDir(runId)}/browser`).mode & 0o077).toBe(0);
    const first = await chromium.connect(endpoint as string);
    const kept = await first.newContext();
    await (await kept.newPage()).setContent('<p>first</p>');
    // A failed test ends its worker; Playwright then closes the worker's browser fixture.
    await first.close();
    const second = await chromium.connect(endpoint as string);
    const page = await (await second.newContext()).newPage();
    await page.setContent('<p>second</p>');
    await expect(page.locator('p')).toHaveText('second');
    await second.close();
  } finally {
    await server.close();
    rmSync(runDir(runId), { recursive: true, force: true });
  }
});
