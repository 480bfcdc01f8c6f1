import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { FreshSessions } from '../../checks/sessions/fresh-sessions';
import type { Profile, RefreshConfig } from '../../profile/types';
import { RunContext } from '../../run/context';
import type { RunState } from '../../run/state';
import type { Target } from '../../run/target';
import type { Exchange, ExchangeSink } from '../../session/exchange';
import { createScanner } from '../../session/scanner';
import type { SessionWiring } from '../../session/fresh-session';
import { renew } from './renew';

/**
 * The refresh request is sent outside the identities (a context of its own, so that the session it
 * gives is the refresh's alone), yet its answer is received by the session like any other: another
 * person's marker in it is a leak, accepted or refused.
 */
const RUN_ID = 'RNW1';
const SPARE = 'lcrefresh';
const FOREIGN_CANARY = `CLSN-${RUN_ID}-U2-1`;
const OWN_CANARY = `CLSN-${RUN_ID}-LCREFRESH-1`;

const state = {
  runId: RUN_ID,
  people: [
    { key: SPARE, role: 'usager', email: `lc.refresh.${RUN_ID.toLowerCase()}@example.test`, prenom: 'Lou', nom: 'Refresh', dateNaissance: '1980-02-03', mdph: '075', bindings: { dossier: 1 } },
    { key: 'u2', role: 'usager', email: `nina.autre.${RUN_ID.toLowerCase()}@example.test`, prenom: 'Nina', nom: 'Autre', dateNaissance: '1990-06-07', mdph: '075', bindings: { dossier: 2 } },
  ],
  documents: [
    { key: `${SPARE}-d1`, ownerKey: SPARE, canary: OWN_CANARY, contentMarker: `CLSNC-${RUN_ID}-LCREFRESH-1`, sha256: 'a'.repeat(64), bindings: { piece: 11 } },
    { key: 'u2-d1', ownerKey: 'u2', canary: FOREIGN_CANARY, contentMarker: `CLSNC-${RUN_ID}-U2-1`, sha256: 'b'.repeat(64), bindings: { piece: 21 } },
  ],
  sessions: {},
} as unknown as RunState;

const refresh: RefreshConfig = { request: { method: 'POST', path: '/session/refresh', json: { refreshToken: '{refreshToken}' }, expectStatus: [200], capture: { refreshToken: 'refreshToken' } }, token: 'refreshToken' };
const profile = {
  name: 'renew-test',
  auth: { session: { type: 'bearer', capture: 'accessToken' } },
  policy: { read: ['owner'] },
  ids: { piece: 'piece', dossier: 'dossier', usager: 'dossier' },
  lifecycle: { refresh },
} as unknown as Profile;

/** A refresh route that answers `status` with `extra` beside a new session. */
async function refreshRoute(status: number, extra: Record<string, string>): Promise<{ baseURL: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status === 200 ? { accessToken: 'access-token-renewed-0001', refreshToken: 'refresh-token-next-0001', ...extra } : { error: 'refused', ...extra }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((done) => server.close(() => done())) };
}

/** Renews once against the route; returns the renewal and what the sink received. */
async function renewAgainst(status: number, extra: Record<string, string>, capture: boolean) {
  const route = await refreshRoute(status, extra);
  const leaks: Exchange[] = [];
  const sink: ExchangeSink = { leak: (exchange) => void leaks.push(exchange), unscanned: () => undefined, suspicious: () => undefined };
  try {
    const run = new RunContext({ profile, baseURL: route.baseURL, allowedHosts: ['127.0.0.1'] } as unknown as Target, state);
    const wiring = { run, scanner: createScanner(state, profile), sink, addSecrets: () => undefined } as unknown as SessionWiring;
    const spare = { key: SPARE, run, sessions: new FreshSessions(wiring) };
    const renewal = await renew(spare, refresh, 'refresh-token-first-0001', () => undefined, { check: 'lifecycle/refresh-reuse', vector: 'spent-refresh-token', capture });
    return { renewal, leaks };
  } finally {
    await route.close();
  }
}

test('another person\'s marker in an accepted refresh answer is reported as a leak', async () => {
  const { renewal, leaks } = await renewAgainst(200, { lastDocument: FOREIGN_CANARY }, true);
  expect(renewal).toMatchObject({ status: 200, accepted: true, credential: { type: 'bearer' }, nextToken: 'refresh-token-next-0001' });
  expect(leaks).toHaveLength(1);
  expect(leaks[0]?.foreign.map((evidence) => [evidence.ownerKey, evidence.value])).toEqual([['u2', FOREIGN_CANARY]]);
  expect(leaks[0]?.context).toMatchObject({ check: 'lifecycle/refresh-reuse', vector: 'spent-refresh-token', routeTemplate: '/session/refresh', channel: 'api' });
  expect(leaks[0]?.identity).toBe(SPARE);
});

test('another person\'s marker in a refused refresh answer is reported too', async () => {
  const { renewal, leaks } = await renewAgainst(401, { hint: FOREIGN_CANARY }, false);
  expect(renewal).toEqual({ status: 401, accepted: false });
  expect(leaks.flatMap((exchange) => exchange.foreign.map((evidence) => evidence.ownerKey))).toEqual(['u2']);
});

test('the spare\'s own marker in its refresh answer is no leak', async () => {
  const { renewal, leaks } = await renewAgainst(200, { lastDocument: OWN_CANARY }, false);
  expect(renewal.accepted).toBe(true);
  expect(leaks).toEqual([]);
});
