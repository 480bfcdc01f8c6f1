import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { bodyWithin } from './answer-body';

/** In a real Chromium: a body that never ends comes back `late` within the bound, never as an empty body. */
let server: Server;
let baseURL: string;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><script>fetch('/never-ends'); fetch('/whole');</script></body></html>`);
    if (req.url === '/whole') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('all of it');
    if (req.url === '/moved') return void res.writeHead(302, { location: '/whole' }).end();
    // Headers and the start of a body that never ends.
    res.writeHead(200, { 'content-type': 'text/plain' }).write('start of the body');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => void server.closeAllConnections());

test('a body that never ends is late within the bound; a whole one is read', async ({ page }) => {
  const neverEnds = page.waitForResponse((response) => new URL(response.url()).pathname === '/never-ends');
  const whole = page.waitForResponse((response) => new URL(response.url()).pathname === '/whole');
  await page.goto(`${baseURL}/`);
  expect(await bodyWithin(await neverEnds, 500)).toEqual({ late: 'not received within 500 ms' });
  const read = await bodyWithin(await whole, 5_000);
  expect('body' in read && read.body.toString()).toBe('all of it');
});

test('a redirect has no body to read: empty, not late', async ({ page }) => {
  const redirect = page.waitForResponse((response) => response.status() === 302);
  await page.goto(`${baseURL}/moved`);
  expect(await bodyWithin(await redirect, 5_000)).toEqual({ body: Buffer.alloc(0) });
});
