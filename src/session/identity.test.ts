import type { RequestListener, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { expect, test } from '@playwright/test';
import type { Exchange } from './exchange';
import { Identity, type VisitWaits } from './identity';
import { pageServer, secretScanner, UI_PROBE } from './visit-testing';

/**
 * A visit in a real Chromium against a small in-process page server: what a page fetches late is
 * judged, a request that never answers is reported, never a silent pass.
 */
const SECRET = 'CANARY-OF-SOMEONE-ELSE';
const PAGES: Record<string, string> = {
  // The fetch leaves 200 ms after load, well after 15 ms of network quiet.
  '/late': `<html><body>page<script>setTimeout(() => fetch('/data'), 200);</script></body></html>`,
  '/hanging': `<html><body><script>fetch('/no-answer');</script></body></html>`,
  '/slow-body': `<html><body><script>fetch('/never-ends');</script></body></html>`,
};

const serve: RequestListener = (req, res) => {
  const page = PAGES[req.url ?? ''];
  if (page) return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  if (req.url === '/data') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ secret: SECRET }));
  // Headers and the start of a body that never ends.
  if (req.url === '/never-ends') return void res.writeHead(200, { 'content-type': 'text/plain' }).write('start of the body');
  // No answer at all.
  if (req.url === '/no-answer') return;
  res.writeHead(404).end();
};

const scanner = secretScanner(SECRET);
const context = UI_PROBE;
// A generous limit where the answer must come (a loaded 2-core CI machine), a short one where it never does.
const PATIENT: Partial<VisitWaits> = { settleLimitMs: 20_000, bodyMs: 10_000, downloadMs: 10_000 };
const SHORT: Partial<VisitWaits> = { settleLimitMs: 1_500, bodyMs: 1_000, downloadMs: 1_000 };

let server: Server;
let baseURL: string;

test.beforeAll(async () => ({ server, baseURL } = await pageServer(serve)));

test.afterAll(() => void server.close());

function visitor(browser: import('@playwright/test').Browser, waits: Partial<VisitWaits>): { identity: Identity; leaks: Exchange[]; unread: Exchange[] } {
  const leaks: Exchange[] = [];
  const unread: Exchange[] = [];
  const identity = new Identity({ key: 'me', role: 'usager', baseURL, allowedHosts: ['127.0.0.1'], visibleOwners: new Set(['me']), scanner, browser, screenshotDir: tmpdir(), waits });
  identity.sink = { leak: (exchange) => void leaks.push(exchange), unscanned: (exchange) => void unread.push(exchange), suspicious: () => undefined };
  return { identity, leaks, unread };
}

test('a fetch a script fires a moment after load is waited for and judged', async ({ browser }) => {
  const { identity, leaks } = visitor(browser, PATIENT);
  try {
    const exchanges = await identity.visit(context, '/late');
    expect(exchanges.map((exchange) => new URL(exchange.request.url).pathname)).toContain('/data');
    expect(leaks.map((exchange) => new URL(exchange.request.url).pathname)).toEqual(['/data']);
  } finally {
    await identity.dispose();
  }
});

test('a body not received in time is unscanned, not an empty answer that passes', async ({ browser }) => {
  // The body wait is short, the settle limit long enough for the body wait to end first.
  const { identity, unread } = visitor(browser, { settleLimitMs: 20_000, bodyMs: 1_000 });
  try {
    const exchanges = await identity.visit(context, '/slow-body');
    const stuck = exchanges.find((exchange) => new URL(exchange.request.url).pathname === '/never-ends');
    // Read again over HTTP (Chromium keeps the body of an answer its page ignored), it never ends there either.
    expect(stuck?.unscanned).toEqual([expect.stringMatching(/^body: not received within 1000 ms; read again over HTTP: /)]);
    expect(unread.map((exchange) => new URL(exchange.request.url).pathname)).toEqual(['/never-ends']);
  } finally {
    await identity.dispose();
  }
});

test('a request still in flight at the settle limit is an error of the visit', async ({ browser }) => {
  const { identity } = visitor(browser, SHORT);
  try {
    await expect(identity.visit(context, '/hanging')).rejects.toThrow(/still in flight .*\/no-answer/);
  } finally {
    await identity.dispose();
  }
});
