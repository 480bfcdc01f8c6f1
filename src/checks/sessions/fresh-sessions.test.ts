import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { TargetError } from '../../errors';
import type { Profile } from '../../profile/types';
import { RunContext } from '../../run/context';
import type { RunState } from '../../run/state';
import type { Target } from '../../run/target';
import type { Exchange, ExchangeSink } from '../../session/exchange';
import type { SessionWiring } from '../../session/fresh-session';
import { createScanner } from '../../session/scanner';
import { FreshSessions } from './fresh-sessions';

/**
 * A fresh session's own requests (its login, a share it creates, its logout) are sent outside the
 * identities' probes, yet their answers are received by the session's person like any other:
 * another person's marker in one is a leak of the check that opened the session, whatever its status.
 */
const RUN_ID = 'FRS1';
const OWNER = 'u1';
const FOREIGN_CANARY = `CLSN-${RUN_ID}-U2-1`;
const OWN_CANARY = `CLSN-${RUN_ID}-U1-1`;
const CHECK = 'sessions/share-revoke';

const state = {
  runId: RUN_ID,
  people: [
    { key: OWNER, role: 'usager', email: `lea.proprio.${RUN_ID.toLowerCase()}@example.test`, prenom: 'Léa', nom: 'Proprio', dateNaissance: '1980-02-03', mdph: '075', bindings: { dossier: 1 } },
    { key: 'u2', role: 'usager', email: `nina.autre.${RUN_ID.toLowerCase()}@example.test`, prenom: 'Nina', nom: 'Autre', dateNaissance: '1990-06-07', mdph: '075', bindings: { dossier: 2 } },
  ],
  documents: [
    { key: 'u1-d1', ownerKey: OWNER, canary: OWN_CANARY, contentMarker: `CLSNC-${RUN_ID}-U1-1`, sha256: 'a'.repeat(64), bindings: { piece: 11 } },
    { key: 'u2-d1', ownerKey: 'u2', canary: FOREIGN_CANARY, contentMarker: `CLSNC-${RUN_ID}-U2-1`, sha256: 'b'.repeat(64), bindings: { piece: 21 } },
  ],
  sessions: {},
} as unknown as RunState;

const SHARE = { method: 'POST', path: '/pieces/{piece}/partages', capture: { shareToken: 'token' } } as const;
const profile = {
  name: 'fresh-session-test',
  provisioning: { mode: 'api' },
  auth: {
    session: { type: 'bearer', capture: 'accessToken' },
    login: { api: { method: 'POST', path: '/login', json: { email: '{email}', password: '{password}' }, expectStatus: [200] } },
    logout: { api: { method: 'POST', path: '/logout' } },
    whoami: { path: '/me' },
  },
  policy: { read: ['owner'] },
  ids: { piece: 'piece', dossier: 'dossier', usager: 'dossier' },
} as unknown as Profile;

/** What each route adds to its answer, and the login's status. */
interface Answers {
  loginStatus?: number;
  login?: Record<string, string>;
  share?: Record<string, string>;
  logout?: Record<string, string>;
}

function portal(answers: Answers): http.Server {
  const email = state.people[0]?.email;
  const routes: Record<string, () => [number, Record<string, unknown>]> = {
    'POST /login': () => [answers.loginStatus ?? 200, answers.loginStatus ? { error: 'refused', ...answers.login } : { accessToken: 'access-token-fresh-0001', ...answers.login }],
    'GET /me': () => [200, { email }],
    'POST /pieces/11/partages': () => [201, { token: 'share-token-secret-0001', ...answers.share }],
    'POST /logout': () => [200, { ok: true, ...answers.logout }],
  };
  return http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const [status, body] = routes[`${request.method} ${request.url?.split('?')[0]}`]?.() ?? [404, {}];
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
}

/** Opens a session of OWNER for CHECK against the portal, shares a pièce, logs out; returns what the sink received. */
async function journey(answers: Answers): Promise<{ leaks: Exchange[]; unscanned: Exchange[]; error?: unknown }> {
  const server = portal(answers);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const leaks: Exchange[] = [];
  const unscanned: Exchange[] = [];
  const sink: ExchangeSink = { leak: (exchange) => void leaks.push(exchange), unscanned: (exchange) => void unscanned.push(exchange), suspicious: () => undefined };
  const run = new RunContext({ profile, baseURL, allowedHosts: ['127.0.0.1'], settings: {} } as unknown as Target, state);
  const wiring = { run, scanner: createScanner(state, profile), sink, addSecrets: () => undefined, screenshotDir: 'test-results' } as unknown as SessionWiring;
  const sessions = new FreshSessions(wiring);
  try {
    const session = await sessions.open(OWNER, { check: CHECK });
    await session.send(SHARE, { piece: 11 }, 'share u1-d1', 'create-share-link');
    await session.logout();
    return { leaks, unscanned };
  } catch (error) {
    return { leaks, unscanned, error };
  } finally {
    await sessions.disposeAll();
    await new Promise((done) => server.close(done));
  }
}

const foreignOf = (leaks: Exchange[]) => leaks.map((exchange) => [exchange.context.vector, exchange.foreign.map((evidence) => evidence.ownerKey)]);

test('another person\'s marker in the fresh login answer is a leak of the check that opened the session', async () => {
  const { leaks, error } = await journey({ login: { lastSeen: FOREIGN_CANARY } });
  expect(error).toBeUndefined();
  expect(foreignOf(leaks)).toEqual([['fresh-login', ['u2']]]);
  expect(leaks[0]?.context).toMatchObject({ check: CHECK, routeTemplate: '/login', channel: 'api', victimKey: OWNER });
  expect(leaks[0]?.identity).toBe(OWNER);
  expect(leaks[0]?.request).toEqual({ method: 'POST', url: expect.stringMatching(/\/login$/) as unknown as string, headers: {} });
});

test('a refused login still fails the check, after its answer was judged', async () => {
  const { leaks, error } = await journey({ loginStatus: 401, login: { hint: FOREIGN_CANARY } });
  expect(error).toBeInstanceOf(TargetError);
  expect((error as TargetError).detail.status).toBe(401);
  expect(foreignOf(leaks)).toEqual([['fresh-login', ['u2']]]);
});

test('another person\'s marker in the answer to a share the session creates is a leak', async () => {
  const { leaks, error } = await journey({ share: { lastShared: FOREIGN_CANARY } });
  expect(error).toBeUndefined();
  expect(foreignOf(leaks)).toEqual([['create-share-link', ['u2']]]);
  expect(leaks[0]?.context).toMatchObject({ check: CHECK, routeTemplate: SHARE.path });
});

test('another person\'s marker in the logout answer is a leak', async () => {
  const { leaks, error } = await journey({ logout: { goodbye: FOREIGN_CANARY } });
  expect(error).toBeUndefined();
  expect(foreignOf(leaks)).toEqual([['logout', ['u2']]]);
  expect(leaks[0]?.context).toMatchObject({ check: CHECK, routeTemplate: '/logout' });
});

test('the session\'s own marker in its answers is no leak, and clean answers give nothing', async () => {
  const { leaks, unscanned, error } = await journey({ login: { lastSeen: OWN_CANARY }, share: { lastShared: OWN_CANARY }, logout: { goodbye: OWN_CANARY } });
  expect(error).toBeUndefined();
  expect(leaks).toEqual([]);
  expect(unscanned).toEqual([]);
});
