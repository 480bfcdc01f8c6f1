import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { APIRequestContext, Browser } from '@playwright/test';
import { request } from '@playwright/test';
import type { RunContext } from '../run/context';
import type { Exchange, ExchangeSink } from '../session/exchange';
import { IdentityPool } from '../session/pool';
import { createScanner } from '../session/scanner';
import type { Client } from './throughput';

/** The clients the throughput benchmark compares, from the bare transport to cloison's own path. */

interface SessionFile {
  cookies?: { name: string; value: string }[];
  headers?: Record<string, string>;
}

/** What each identity sends besides the URL: its cookies and session headers, read from its session file. */
function sessionHeaders(run: RunContext): Map<string | undefined, Record<string, string>> {
  const headers = new Map<string | undefined, Record<string, string>>([[undefined, {}]]);
  for (const [key, file] of Object.entries(run.state.sessions)) {
    const session = JSON.parse(readFileSync(file, 'utf8')) as SessionFile;
    const cookie = (session.cookies ?? []).map(({ name, value }) => `${name}=${value}`).join('; ');
    headers.set(key, { ...session.headers, ...(cookie ? { cookie } : {}) });
  }
  return headers;
}

/** The floor: node:http with a keep-alive agent, body read into one buffer, nothing else. */
export function rawHttpClient(run: RunContext, concurrency: number): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const headers = sessionHeaders(run);
  const base = run.target.baseURL;
  return {
    name: 'raw node:http',
    description: 'node:http, keep-alive agent, body buffered, no judgement',
    send: (target) =>
      new Promise((resolve, reject) => {
        const outgoing = httpRequest(new URL(target.url, base), { method: 'GET', agent, headers: headers.get(target.key) }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes: Buffer.concat(chunks).length }));
          response.on('error', reject);
        });
        outgoing.on('error', reject);
        outgoing.end();
      }),
    close: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

/** Node's fetch (undici inside), keep-alive by default, redirects not followed like the harness. */
export function rawFetchClient(run: RunContext): Client {
  const headers = sessionHeaders(run);
  const base = run.target.baseURL;
  return {
    name: 'raw fetch',
    description: "Node's fetch (undici), keep-alive, redirect: manual, body buffered",
    send: async (target) => {
      const response = await fetch(new URL(target.url, base), { headers: headers.get(target.key), redirect: 'manual' });
      const body = await response.arrayBuffer();
      return { status: response.status, bytes: body.byteLength };
    },
    close: () => Promise.resolve(),
  };
}

/** Playwright's API request context alone, one per identity as the pool makes them: the transport without the oracle. */
export async function playwrightClient(run: RunContext): Promise<Client> {
  const contexts = new Map<string | undefined, APIRequestContext>();
  const headers = new Map<string | undefined, Record<string, string> | undefined>();
  for (const key of run.identities()) {
    const file = key === undefined ? undefined : run.state.sessions[key];
    contexts.set(key, await request.newContext({ baseURL: run.target.baseURL, storageState: file }));
    headers.set(key, file ? (JSON.parse(readFileSync(file, 'utf8')) as SessionFile).headers : undefined);
  }
  return {
    name: 'playwright request',
    description: 'APIRequestContext.fetch per identity, body read, no oracle',
    send: async (target) => {
      const api = contexts.get(target.key) as APIRequestContext;
      const response = await api.fetch(target.url, { method: 'GET', headers: headers.get(target.key), maxRedirects: 0, failOnStatusCode: false, timeout: 15_000 });
      const body = await response.body();
      return { status: response.status(), bytes: body.length };
    },
    close: async () => {
      await Promise.all([...contexts.values()].map((api) => api.dispose()));
    },
  };
}

/** API probes need no browser: one that throws says so if a probe ever tried to open a page. */
const NO_BROWSER = new Proxy({} as Browser, {
  get: (_target, property) => {
    if (property === 'then') return undefined;
    throw new Error(`the benchmark's API probes have no browser (Browser.${String(property)} was used)`);
  },
});

/** cloison's own path, whatever transport Identity.request uses today: IdentityPool → Identity.request → oracle → judgement. */
export function harnessClient(run: RunContext, screenshotDir: string): Client {
  const pool = new IdentityPool(run, NO_BROWSER, createScanner(run.state, run.profile), join(screenshotDir));
  let leaks = 0;
  let evidence = 0;
  const sink: ExchangeSink = {
    leak: () => leaks++,
    unscanned: () => undefined,
    suspicious: () => undefined,
  };
  pool.sink = sink;
  return {
    name: 'cloison harness',
    description: "IdentityPool.get(key).request(), as the checks send: the identity's transport + throttle/tally + oracle scan + judgement",
    send: async (target) => {
      const identity = await pool.get(target.key);
      const exchange: Exchange = await identity.request(
        {
          check: 'bench/throughput',
          routeTemplate: target.routeTemplate,
          vector: 'direct-id',
          channel: 'api',
          victimKey: target.ownerKey,
          resource: { kind: 'object', key: target.objectKey },
          expectDenied: target.expectDenied,
        },
        { method: 'GET', url: target.url },
      );
      evidence += exchange.evidence.length;
      // The exchange keeps the decoded text, not the bytes: the declared length is the body's size.
      return { status: exchange.status, bytes: Number(exchange.headers['content-length'] ?? exchange.text.length) };
    },
    close: () => pool.dispose(),
    notes: () => ({ leaks, evidence }),
  };
}
