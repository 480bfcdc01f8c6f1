import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, request, test } from '@playwright/test';
import { Redactor } from '../findings/redact';
import type { Person } from '../population/types';
import type { Profile } from '../profile/types';
import { proveIdentity, readCsrfToken, type MisservedWhoami } from './login';
import { misservedWhoamiFinding } from './misserved';

const person = (key: string): Person => ({ key, role: 'usager', prenom: key, nom: 'Test', dateNaissance: '1980-01-01', email: `${key}@whoami.test`, password: `pw-${key}-secret`, mdph: '075' });
const alice = person('alice');
const bruno = person('bruno');

/** A whoami behind a cache keyed on the path alone: whoever asks first is everyone's answer, unless the URL has a query. */
async function cachingPortal(): Promise<{ server: Server; baseURL: string }> {
  let cached: string | undefined;
  const server = createServer((req, res) => {
    const who = String(req.headers['x-who']);
    const own = JSON.stringify({ email: `${who}@whoami.test`, csrfToken: `token-of-${who}` });
    const body = req.url?.includes('?') ? own : (cached ??= own);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('a whoami that first answers with someone else\'s identity is reported as a leak, and the nonce retry still proves the session', async () => {
  const { server, baseURL } = await cachingPortal();
  const api = await request.newContext({ baseURL });
  try {
    const profile = { name: 'cache', auth: { whoami: { path: '/me' } } } as unknown as Profile;
    const misserved: MisservedWhoami[] = [];
    const witness = { people: [alice, bruno], misserved: (answer: MisservedWhoami) => void misserved.push(answer) };
    await proveIdentity(api, profile, alice, { 'x-who': 'alice' }, {}, { witness });
    expect(misserved).toEqual([]);
    await proveIdentity(api, profile, bruno, { 'x-who': 'bruno' }, {}, { witness });
    expect(misserved.map((answer) => [answer.person.key, answer.owners.map((owner) => owner.key)])).toEqual([['bruno', ['alice']]]);
    const finding = misservedWhoamiFinding(misserved[0] as MisservedWhoami, baseURL, new Redactor([alice.password, bruno.password]));
    expect(finding).toMatchObject({ verdict: 'leak', check: 'auth/whoami', attacker: { key: 'bruno' }, victim: { key: 'alice' }, evidence: [{ kind: 'email', value: 'alice@whoami.test', ownerKey: 'alice' }] });
  } finally {
    await api.dispose();
    server.close();
  }
});

test('the CSRF token read is the session\'s own behind a cache keyed on the URL, and a portal refusing unknown parameters is asked without them', async () => {
  const { server, baseURL } = await cachingPortal();
  const strict = createServer((req, res) => {
    if (req.url?.includes('?')) return void res.writeHead(400).end('unknown parameter');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ csrfToken: `token-of-${String(req.headers['x-who'])}` }));
  });
  await new Promise<void>((resolve) => strict.listen(0, '127.0.0.1', resolve));
  const api = await request.newContext({ baseURL });
  try {
    const profile = (path: string) => ({ name: 'cache', auth: { csrf: { from: { path, jsonPath: 'csrfToken' }, header: 'X-CSRF-Token' } } }) as unknown as Profile;
    // alice's answer is in the cache: a plain read as bruno would get her token.
    expect(await (await api.get('/me', { headers: { 'x-who': 'alice' } })).json()).toMatchObject({ csrfToken: 'token-of-alice' });
    expect(await readCsrfToken(api, profile('/me'), { 'x-who': 'bruno' })).toBe('token-of-bruno');
    const strictURL = `http://127.0.0.1:${(strict.address() as AddressInfo).port}/csrf`;
    expect(await readCsrfToken(api, profile(strictURL), { 'x-who': 'bruno' })).toBe('token-of-bruno');
    await expect(readCsrfToken(api, { name: 'x', auth: { csrf: { from: { path: '/me', jsonPath: 'nope' } } } } as unknown as Profile, { 'x-who': 'bruno' })).rejects.toThrow('no CSRF token at /me → nope');
  } finally {
    await api.dispose();
    server.close();
    strict.close();
  }
});
