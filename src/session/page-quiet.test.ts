import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { pageQuiet } from './page-quiet';
import { TIMER_PROBE } from './page-timers';

/**
 * The wait the back-button walk judges pages after, in a real Chromium against a small page
 * server: a fetch whose body the page drops (Chromium never says it finished) is an answer in, a
 * request that never gets one is an error, never a quiet page.
 */
const PAGES: Record<string, string> = {
  // As a dossier page Back brings from the cache after logout: its script asks for data, is
  // refused, and throws the answer away without reading it.
  '/refused': `<html><body><script>fetch('/data').then((r) => { if (!r.ok) throw new Error(String(r.status)); return r.json(); }).catch((e) => { document.body.dataset.state = 'refused ' + e.message; });</script></body></html>`,
  '/hanging': `<html><body><script>fetch('/no-answer');</script></body></html>`,
  // A script that sets a short timer again and again: never at rest.
  '/restless': `<html><body><script>const again = () => setTimeout(again, 100); again();</script></body></html>`,
  // As a home page that lists every document, then works on the list (half a second of script,
  // a busy machine) before it asks for the rest: the network is silent, the page is not done.
  // The work is a task of its own, as a framework's next turn: Chromium tells what a task did
  // once the task ends, so work inside the task that received the list would hide nothing.
  '/busy': `<html><body><script>fetch('/list').then((r) => r.json()).then(() => new Promise((next) => setTimeout(next, 0))).then(() => { const end = Date.now() + 500; while (Date.now() < end); return fetch('/detail'); }).then((r) => r.text()).then((text) => { document.body.dataset.state = text; });</script></body></html>`,
  // A script that asks again a moment later (a short timer): quiet means that request answered too.
  '/later': `<html><body><script>setTimeout(() => fetch('/detail').then((r) => r.text()).then((text) => { document.body.dataset.state = text; }), 300);</script></body></html>`,
};

let server: Server;
let baseURL: string;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const page = PAGES[req.url ?? ''];
    if (page) return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    // Late enough that the page has loaded when the list comes.
    if (req.url === '/list') return void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'), 300);
    if (req.url === '/detail') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('detail shown');
    if (req.url === '/data') return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not signed in' }));
    // No answer at all.
    if (req.url === '/no-answer') return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => void server.closeAllConnections());

test('a fetch whose body the page drops is an answer in: the page is quiet, not waited for until the limit', async ({ page }) => {
  // The limit is generous for a loaded machine; waiting for Chromium to say "finished" would reach it.
  const response = await pageQuiet(page, () => page.goto(`${baseURL}/refused`), { limitMs: 10_000 });
  expect(response?.status()).toBe(200);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'refused 401');
});

test('a request that never gets an answer is an error, not a quiet page', async ({ page }) => {
  await expect(pageQuiet(page, () => page.goto(`${baseURL}/hanging`), { limitMs: 1_000 })).rejects.toThrow(/1 request\(s\) still without an answer 1 s after the page loaded.*GET .*\/no-answer/);
});

// What the page holds the moment the wait returns, not after Playwright's own retries.
const stateNow = (page: Page): Promise<string | undefined> => page.evaluate(() => document.body.dataset.state);

test('a script busy with what it received for longer than the quiet period is waited for, and the request it sends then', async ({ page }) => {
  await pageQuiet(page, () => page.goto(`${baseURL}/busy`), { limitMs: 10_000 });
  expect(await stateNow(page)).toBe('detail shown');
});

test('a short timer the page set is waited for where the timer probe is installed', async ({ page }) => {
  await page.context().addInitScript({ content: TIMER_PROBE });
  await pageQuiet(page, () => page.goto(`${baseURL}/later`), { limitMs: 10_000 });
  expect(await stateNow(page)).toBe('detail shown');
});

test('a page that keeps setting short timers is an error at the limit, not a quiet page', async ({ page }) => {
  await page.context().addInitScript({ content: TIMER_PROBE });
  await expect(pageQuiet(page, () => page.goto(`${baseURL}/restless`), { limitMs: 1_000 })).rejects.toThrow(/a short timer still set 1 s after the page loaded/);
});
