/**
 * The oracle as the checks run it: a real HTTP answer, `Identity.request`, the run's scanner and
 * the one verdict function. A unit test of the scan alone would not see a note dropped on the way.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { generatePopulation } from '../population/generate';
import type { Population } from '../population/types';
import type { RunState } from '../run/state';
import type { Exchange, ExchangeSink } from './exchange';
import { Identity } from './identity';
import { createScanner } from './scanner';

let server: Server;
let base = '';
let population: Population;
const routes = new Map<string, { type: string; body: Uint8Array | string }>();

test.beforeAll(async () => {
  population = await generatePopulation({ seed: 11, runId: 'JUDGE1', mdph: ['075', '013'], usagersPerMdph: 2, representatives: 1, agentsPerMdph: 1, piecesPerUsager: { min: 2, max: 2 } });
  server = createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (!route) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': route.type }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function stateOf(p: Population): RunState {
  return {
    runId: p.spec.runId,
    seed: p.spec.seed,
    release: 'selftest',
    profile: 'selftest',
    baseURL: base,
    spec: p.spec,
    people: p.people.map(({ password: _password, ...person }) => ({ ...person, bindings: {} })),
    documents: p.documents.map(({ bytes: _bytes, ...doc }) => ({ ...doc, bindings: {} })),
    sessions: {},
    createdAt: '2026-01-01T00:00:00Z',
  };
}

/** Signs nobody in: a person of the population whose answers are judged like any check's. */
function identityOf(key: string, sink: ExchangeSink, browser: import('@playwright/test').Browser, dir: string): Identity {
  const identity = new Identity({
    key,
    role: 'usager',
    baseURL: base,
    allowedHosts: ['127.0.0.1'],
    visibleOwners: new Set([key]),
    scanner: createScanner(stateOf(population), { bindings: { references: [] } }),
    browser,
    screenshotDir: dir,
  });
  identity.sink = sink;
  return identity;
}

function recorder(): ExchangeSink & { leaks: Exchange[]; unread: Exchange[] } {
  const leaks: Exchange[] = [];
  const unread: Exchange[] = [];
  return { leaks, unread, leak: (e) => leaks.push(e), unscanned: (e) => unread.push(e), suspicious: () => undefined };
}

const probe = { check: 'selftest/oracle', routeTemplate: '/export', vector: 'direct-id', channel: 'api' as const, expectDenied: true };

test('an export nested deeper than the oracle reads is reported unscanned, not passed', async ({ browser }, testInfo) => {
  const victim = population.documents.find((doc) => doc.ownerKey === 'u013a' && doc.mime === 'application/pdf');
  expect(victim).toBeDefined();
  // Three zip levels hide the victim's PDF from a reader that stops at two.
  const deep = zipSync({ 'lot.zip': zipSync({ 'lot.zip': zipSync({ 'piece.pdf': victim?.bytes ?? new Uint8Array() }) }) });
  routes.set('/export-deep', { type: 'application/zip', body: deep });
  const sink = recorder();
  const attacker = identityOf('u075a', sink, browser, testInfo.outputPath());
  try {
    const exchange = await attacker.request(probe, { method: 'GET', url: '/export-deep' });
    expect(exchange.foreign).toEqual([]);
    expect(exchange.unscanned.join('\n')).toMatch(/zip nested deeper than 2/);
    expect(sink.unread).toEqual([exchange]);
  } finally {
    await attacker.dispose();
  }
});

test('an export of more entries than the oracle reads is reported unscanned, naming the limit', async ({ browser }, testInfo) => {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 2_001; i++) files[`piece-${i}.txt`] = new TextEncoder().encode(`pièce ${i}`);
  routes.set('/export-many', { type: 'application/zip', body: zipSync(files) });
  const sink = recorder();
  const attacker = identityOf('u075a', sink, browser, testInfo.outputPath());
  try {
    const exchange = await attacker.request(probe, { method: 'GET', url: '/export-many' });
    expect(exchange.unscanned).toEqual(['zip: more than 2000 entries']);
    expect(sink.unread).toHaveLength(1);
    expect(sink.leaks).toEqual([]);
  } finally {
    await attacker.dispose();
  }
});

test('an answer read whole is judged on its markers alone', async ({ browser }, testInfo) => {
  const victim = population.documents.find((doc) => doc.ownerKey === 'u013a');
  routes.set('/export-one', { type: 'application/zip', body: zipSync({ 'lot.zip': zipSync({ 'piece.bin': victim?.bytes ?? new Uint8Array() }) }) });
  const sink = recorder();
  const attacker = identityOf('u075a', sink, browser, testInfo.outputPath());
  try {
    const exchange = await attacker.request(probe, { method: 'GET', url: '/export-one' });
    expect(exchange.unscanned).toEqual([]);
    expect(exchange.foreign.map((e) => e.ownerKey)).toContain('u013a');
    expect(sink.leaks).toEqual([exchange]);
    expect(sink.unread).toEqual([]);
  } finally {
    await attacker.dispose();
  }
});
