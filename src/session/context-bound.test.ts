import { writeFileSync } from 'node:fs';
import type { RequestListener, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { ContextBound } from './context-bound';
import type { Exchange } from './exchange';
import { Identity } from './identity';
import { pageServer, secretScanner, UI_PROBE } from './visit-testing';

/**
 * The worker's bound on open browser contexts, in a real Chromium against a small page server:
 * contexts do not grow with identities, a context is never closed under a running visit, and a
 * reopened one carries the same session (cookies set since, sessionStorage token) and the same
 * hooks (late answers and downloads judged) as the first.
 */
const SECRET = 'CANARY-OF-SOMEONE-ELSE';
const PAGES: Record<string, string> = {
  '/': '<html><body>home</body></html>',
  // The session cookie is replaced by the portal after sign-in (a rotation).
  '/rotate': '<html><body>rotated</body></html>',
  '/late': `<html><body><script>setTimeout(() => fetch('/data'), 200);</script></body></html>`,
  '/slow': `<html><body><script>fetch('/slow-data');</script></body></html>`,
  '/token': `<html><body><script>fetch('/echo?token=' + sessionStorage.getItem('tok'));</script></body></html>`,
};

/** What the server received: the cookie of each request and each token the pages echoed. */
const received: { cookies: string[]; tokens: string[] } = { cookies: [], tokens: [] };

const serve: RequestListener = (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  received.cookies.push(req.headers.cookie ?? '');
  if (url.pathname === '/rotate') res.setHeader('set-cookie', `sid=${(req.headers.cookie ?? '').replace(/^.*sid=([^;]*).*$/, '$1')}-rotated; Path=/; HttpOnly`);
  const page = PAGES[url.pathname];
  if (page) return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  if (url.pathname === '/data') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ secret: SECRET }));
  if (url.pathname === '/slow-data') return void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ secret: SECRET })), 600);
  if (url.pathname === '/echo') {
    received.tokens.push(url.searchParams.get('token') ?? '');
    return void res.writeHead(204).end();
  }
  if (url.pathname === '/file') return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="x.bin"' }).end(SECRET);
  res.writeHead(404).end();
};

const scanner = secretScanner(SECRET);
const probe = UI_PROBE;
const WAITS = { settleLimitMs: 20_000, bodyMs: 10_000, downloadMs: 10_000 };

let server: Server;
let baseURL: string;

test.beforeAll(async () => ({ server, baseURL } = await pageServer(serve)));

test.afterAll(() => void server.close());

/** One identity under the bound, signed in by a storage-state file with its own cookie. */
function person(browser: Browser, bound: ContextBound, key: string, leaks: Exchange[] = []): Identity {
  const host = new URL(baseURL).hostname;
  const file = join(tmpdir(), `cloison-bound-${key}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ cookies: [{ name: 'sid', value: key, domain: host, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' }], origins: [] }), { mode: 0o600 });
  const identity = new Identity({
    key,
    role: 'usager',
    baseURL,
    allowedHosts: [host],
    visibleOwners: new Set([key]),
    scanner,
    browser,
    contexts: bound,
    storageState: file,
    sessionStorage: [{ area: 'sessionStorage', origin: baseURL, name: 'tok', value: `token-of-${key}` }],
    screenshotDir: tmpdir(),
    waits: WAITS,
  });
  identity.sink = { leak: (exchange) => void leaks.push(exchange), unscanned: () => undefined, suspicious: () => undefined };
  return identity;
}

test('open browser contexts stay within the bound however many identities visit', async ({ browser }) => {
  const before = browser.contexts().length;
  const bound = new ContextBound(2);
  const people = ['a', 'b', 'c'].map((key) => person(browser, bound, key));
  try {
    for (const round of [1, 2]) {
      for (const identity of people) {
        await identity.visit(probe, '/');
        expect(browser.contexts().length - before, `round ${round}, after ${identity.name}`).toBeLessThanOrEqual(2);
      }
    }
    // The first round's third visit closed a context, and every visit of the second round reopened one.
    expect(bound.evictions).toBe(4);
  } finally {
    await Promise.all(people.map((identity) => identity.dispose()));
  }
  expect(browser.contexts()).toHaveLength(before);
});

test('a reopened context carries the session as it was when closed, and judges late answers and downloads', async ({ browser }) => {
  const bound = new ContextBound(1);
  const leaks: Exchange[] = [];
  const [a, b] = [person(browser, bound, 'alice', leaks), person(browser, bound, 'bob')];
  try {
    await a.visit(probe, '/rotate');
    await b.visit(probe, '/');
    expect(bound.evictions).toBe(1);
    received.cookies.length = 0;
    received.tokens.length = 0;

    // Reopened: the cookie the portal set since the setup, not the setup's; the tab's token seeded again.
    await a.visit(probe, '/token');
    expect(bound.evictions).toBe(2);
    expect(received.cookies).toEqual(expect.arrayContaining(['sid=alice-rotated']));
    expect(received.cookies.filter((cookie) => cookie !== 'sid=alice-rotated')).toEqual([]);
    expect(received.tokens).toEqual(['token-of-alice']);

    // Closed and reopened once more: what a script fetches late and a download are judged.
    await b.visit(probe, '/');
    const late = await a.visit(probe, '/late');
    expect(late.filter((exchange) => exchange.foreign.length > 0).map((exchange) => new URL(exchange.request.url).pathname)).toEqual(['/data']);
    await b.visit(probe, '/');
    const download = await a.visit(probe, '/file');
    expect(download.filter((exchange) => exchange.foreign.length > 0)).toHaveLength(1);
    expect(bound.evictions).toBe(6);
    expect(leaks).toHaveLength(2);
  } finally {
    await Promise.all([a.dispose(), b.dispose()]);
  }
});

test('a context in use is not closed: the bound is exceeded until it is given back', async ({ browser }) => {
  const before = browser.contexts().length;
  const bound = new ContextBound(1);
  const leaks: Exchange[] = [];
  const [a, b, c] = [person(browser, bound, 'alice', leaks), person(browser, bound, 'bob'), person(browser, bound, 'carol')];
  try {
    // Alice's page waits 600 ms for its data while Bob and Carol visit.
    const slow = a.visit(probe, '/slow');
    await a.inBrowser(async (page) => {
      await b.visit(probe, '/');
      await c.visit(probe, '/');
      expect(page.isClosed()).toBe(false);
    });
    const exchanges = await slow;
    expect(exchanges.filter((exchange) => exchange.foreign.length > 0).map((exchange) => new URL(exchange.request.url).pathname)).toEqual(['/slow-data']);
    expect(leaks).toHaveLength(1);
    // Bob's was closed when Carol's opened, Carol's when her visit ended; Alice's stayed open throughout.
    expect(browser.contexts().length - before).toBe(1);
  } finally {
    await Promise.all([a.dispose(), b.dispose(), c.dispose()]);
  }
});
