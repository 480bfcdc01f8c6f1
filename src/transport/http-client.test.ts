import { expect, test } from '@playwright/test';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { HttpClient } from './http-client';

interface Seen {
  method: string;
  url: string;
  cookie?: string;
  contentType?: string;
  body: string;
}

let server: Server;
let base = '';
const seen: Seen[] = [];

async function read(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

test.beforeAll(async () => {
  server = createServer((request, response) => {
    void read(request).then((body) => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', cookie: request.headers.cookie, contentType: request.headers['content-type'], body });
      if (request.url === '/set/here') {
        response.setHeader('set-cookie', 'nopath=1');
        return response.end('ok');
      }
      if (request.url === '/rotate') {
        response.setHeader('set-cookie', ['sid=rotated; Path=/; HttpOnly', 'gone=1; Max-Age=0']);
        return response.end('ok');
      }
      if (request.url === '/redirect') {
        response.writeHead(302, { location: '/elsewhere' });
        return response.end('carried data in a redirect');
      }
      if (request.url === '/gzip') {
        response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
        return response.end(gzipSync('canary-GZ-123'));
      }
      response.setHeader('x-twice', ['a', 'b']);
      response.end('plain');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('sends the stored session cookie and keeps what the server sets, as a browser would', async () => {
  const client = new HttpClient(base, [
    { name: 'sid', value: 'first', domain: '127.0.0.1', path: '/' },
    { name: 'gone', value: 'x', domain: '127.0.0.1', path: '/' },
    { name: 'other', value: 'y', domain: 'elsewhere.test', path: '/' },
  ]);
  await client.send({ method: 'GET', url: '/rotate' });
  expect(seen.at(-1)?.cookie).toBe('sid=first; gone=x');
  await client.send({ method: 'GET', url: '/next' });
  expect(seen.at(-1)?.cookie).toBe('sid=rotated');
  client.close();
});

test('cookies given with one request replace the jar\'s of the same name for that request only', async () => {
  const client = new HttpClient(base, [
    { name: 'sid', value: 'mine', domain: '127.0.0.1', path: '/' },
    { name: 'espace', value: '17', domain: '127.0.0.1', path: '/' },
  ]);
  await client.send({ method: 'GET', url: '/next', cookies: { espace: '42', tenant: '9' } });
  expect(seen.at(-1)?.cookie).toBe('sid=mine; espace=42; tenant=9');
  await client.send({ method: 'GET', url: '/next' });
  expect(seen.at(-1)?.cookie).toBe('sid=mine; espace=17');
  client.close();
});

test('never follows a redirect: the 302 and its body are what is judged', async () => {
  const client = new HttpClient(base);
  const answer = await client.send({ method: 'GET', url: '/redirect' });
  expect(answer.status).toBe(302);
  expect(answer.headers.location).toBe('/elsewhere');
  expect(answer.body.toString()).toContain('carried data');
  expect(seen.at(-1)?.url).toBe('/redirect');
  client.close();
});

test('undoes the content encoding so the oracle reads the real bytes', async () => {
  const client = new HttpClient(base);
  const answer = await client.send({ method: 'GET', url: '/gzip' });
  expect(answer.body.toString()).toBe('canary-GZ-123');
  client.close();
});

test('sends JSON, multipart with a file, and HEAD as asked; joins repeated headers', async () => {
  const client = new HttpClient(base);
  await client.send({ method: 'PATCH', url: '/json', data: { titre: 'x' }, headers: { 'X-CSRF-Token': 't' } });
  expect(seen.at(-1)).toMatchObject({ method: 'PATCH', contentType: 'application/json', body: '{"titre":"x"}' });
  await client.send({ method: 'POST', url: '/upload', multipart: { titre: 'bilan', fichier: { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('file-bytes') } } });
  const upload = seen.at(-1);
  expect(upload?.contentType).toMatch(/^multipart\/form-data; boundary=/);
  expect(upload?.body).toContain('name="fichier"; filename="a.txt"');
  expect(upload?.body).toContain('file-bytes');
  const head = await client.send({ method: 'HEAD', url: '/plain' });
  expect(head.body).toHaveLength(0);
  expect(head.headers['x-twice']).toBe('a, b');
  client.close();
});

test('cookie paths match whole segments (/api is not /apiary), a cookie without Path gets the default path, host-only stays on its host', async () => {
  const client = new HttpClient(base, [
    { name: 'scoped', value: 'api', domain: '127.0.0.1', path: '/api' },
    { name: 'foreign', value: 'z', domain: 'localhost', path: '/' },
    { name: 'parent', value: 'p', domain: '.example.test', path: '/' },
  ]);
  await client.send({ method: 'GET', url: '/api' });
  expect(seen.at(-1)?.cookie).toBe('scoped=api');
  await client.send({ method: 'GET', url: '/api/v2/x' });
  expect(seen.at(-1)?.cookie).toBe('scoped=api');
  await client.send({ method: 'GET', url: '/apiary' });
  expect(seen.at(-1)?.cookie).toBeUndefined();
  // Set without a Path at /set/here: the default path is /set (RFC 6265 §5.1.4).
  await client.send({ method: 'GET', url: '/set/here' });
  await client.send({ method: 'GET', url: '/set/other' });
  expect(seen.at(-1)?.cookie).toBe('nopath=1');
  await client.send({ method: 'GET', url: '/settings' });
  expect(seen.at(-1)?.cookie).toBeUndefined();
  client.close();
});

test('an idempotent request is sent once more when the server closed the reused keep-alive socket; a POST is not', async () => {
  let answered = 0;
  // A server that drops any request arriving on a connection it already used: what a client
  // meets when it reuses a socket the server closed at its keep-alive timeout.
  const served = new WeakSet<Socket>();
  const idle = createServer((request, response) => {
    if (served.has(request.socket)) return request.socket.destroy();
    served.add(request.socket);
    answered++;
    response.end(request.method ?? '');
  });
  await new Promise<void>((resolve) => idle.listen(0, '127.0.0.1', resolve));
  const client = new HttpClient(`http://127.0.0.1:${(idle.address() as AddressInfo).port}`);
  try {
    await client.send({ method: 'GET', url: '/first' });
    expect((await client.send({ method: 'GET', url: '/again' })).body.toString()).toBe('GET');
    expect((await client.send({ method: 'DELETE', url: '/gone' })).body.toString()).toBe('DELETE');
    expect(answered).toBe(3);
    await expect(client.send({ method: 'POST', url: '/write', data: 'x' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(answered).toBe(3);
  } finally {
    client.close();
    await new Promise((resolve) => idle.close(resolve));
  }
});

test('a server whose keep-alive timeout is short: repeated requests after idle spells all succeed', async () => {
  const idle = createServer((_request, response) => response.end('ok'));
  idle.keepAliveTimeout = 150;
  await new Promise<void>((resolve) => idle.listen(0, '127.0.0.1', resolve));
  const client = new HttpClient(`http://127.0.0.1:${(idle.address() as AddressInfo).port}`);
  try {
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all([1, 2, 3].map(() => client.send({ method: 'GET', url: '/' })));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      // Just around the server's keep-alive timeout, where a reused socket races its close.
      await new Promise((resolve) => setTimeout(resolve, 140 + round * 4));
    }
  } finally {
    client.close();
    await new Promise((resolve) => idle.close(resolve));
  }
});

