import type { AddressInfo } from 'node:net';
import { buildGuichet } from '../src/app';
import type { GuichetFlawId } from '../src/flaws';

const ADMIN_KEY = 'selftest-admin-key-0123456789';

export interface Reply {
  status: number;
  text: string;
}

export interface Citizen {
  memberId: string;
  email: string;
  /** The citizen's login secret (a test value, for exploits that change it). */
  secret: string;
  caseRef: string;
  fileId: string;
  marker: string;
  token: string;
}

export interface RunningGuichet {
  baseUrl: string;
  alice: Citizen;
  bruno: Citizen;
  get: (path: string, token?: string) => Promise<Reply>;
  close: () => Promise<void>;
}

/**
 * A real guichet in this process (in-memory database, ephemeral port) with two citizens of one
 * office, each holding one file whose label and bytes carry a marker of its own.
 */
export async function startGuichet(flaws: readonly GuichetFlawId[] = []): Promise<RunningGuichet> {
  const app = await buildGuichet({ dbPath: ':memory:', adminKey: ADMIN_KEY, flaws: new Set(flaws) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const get = async (path: string, token?: string): Promise<Reply> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return { status: response.status, text: await response.text() };
  };
  const json = async <T>(path: string, init: RequestInit, expected: number): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, init);
    if (response.status !== expected) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const citizen = async (name: string): Promise<Citizen> => {
    const email = `${name}@example.test`;
    const secret = `secret-of-${name}`;
    const member = await json<{ memberId: string; caseRef: string }>(
      '/v3/admin/members',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-guichet-admin-key': ADMIN_KEY },
        body: JSON.stringify({ kind: 'citizen', email, secret, givenName: name, familyName: 'Test', office: '075' }),
      },
      201,
    );
    const marker = `MARKER-${name.toUpperCase()}-${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
    const form = new FormData();
    form.set('label', `Certificate ${marker}`);
    form.set('kind', 'certificat_medical');
    form.set('content', new Blob([`body ${marker}`], { type: 'text/plain' }), `${marker}.txt`);
    const file = await json<{ fileId: string }>(`/v3/admin/cases/${member.caseRef}/files`, { method: 'POST', headers: { 'x-guichet-admin-key': ADMIN_KEY }, body: form }, 201);
    const login = await json<{ accessToken: string }>(
      '/v3/auth/tokens',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: email, secret }) },
      201,
    );
    return { ...member, email, secret, fileId: file.fileId, marker, token: login.accessToken };
  };

  return { baseUrl, alice: await citizen('alice'), bruno: await citizen('bruno'), get, close: () => closeNow(app) };
}

/** Stops the server without waiting for a browser's keep-alive connections to go idle by themselves. */
async function closeNow(app: { close(): Promise<unknown>; server: { closeAllConnections(): void } }): Promise<void> {
  const closing = app.close();
  app.server.closeAllConnections();
  await closing;
}
