import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildApp } from '../src/app';
import { openapiDocument } from '../src/openapi';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD /path/{param}` of every operation the document describes. */
function documented(): string[] {
  return Object.entries(openapiDocument.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** Every `$ref` of the document, as JSON pointers. */
function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (key === '$ref' && typeof item === 'string' ? [item] : refsOf(item)));
}

test('the OpenAPI document describes every route the portal registers, and only those', async () => {
  const uploadsDir = await mkdtemp(join(tmpdir(), 'cloison-openapi-'));
  const registered = new Set<string>();
  // Provisioning on, no flaw: the document describes the secure portal with its test-only API.
  const app = await buildApp({
    dbPath: ':memory:',
    uploadsDir,
    provisioningToken: 'openapi-test',
    flaws: new Set(),
    onRoute: (route) => {
      for (const method of [route.method].flat()) {
        // Fastify answers HEAD for every GET by itself: not a route anyone wrote.
        if (method !== 'HEAD') registered.add(`${method} ${route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
      }
    },
  });
  try {
    await app.ready();
    const described = new Set(documented());
    expect(registered.size).toBeGreaterThan(30);
    expect([...registered].filter((route) => !described.has(route)), 'routes the document does not describe').toEqual([]);
    expect([...described].filter((route) => !registered.has(route)), 'operations the portal does not have').toEqual([]);
  } finally {
    await app.close();
    await rm(uploadsDir, { recursive: true, force: true });
  }
});

test('the document is served without a session and every reference in it resolves', async () => {
  const uploadsDir = await mkdtemp(join(tmpdir(), 'cloison-openapi-'));
  const app = await buildApp({ dbPath: ':memory:', uploadsDir, flaws: new Set() });
  try {
    const reply = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('application/json');
    const served = reply.json<Record<string, unknown>>();
    expect(served).toEqual(JSON.parse(JSON.stringify(openapiDocument)));
    const missing = refsOf(served).filter((pointer) => {
      const target = pointer
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), served);
      return target === undefined;
    });
    expect(missing).toEqual([]);
  } finally {
    await app.close();
    await rm(uploadsDir, { recursive: true, force: true });
  }
});
