import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { APIRequestContext, Browser } from '@playwright/test';
import { request } from '@playwright/test';
import type { ObjectKind } from '../profile/types';
import type { RunContext } from '../run/context';
import type { Exchange, ExchangeSink } from '../session/exchange';
import { IdentityPool } from '../session/pool';
import { createScanner } from '../session/scanner';
import { fill } from '../util/template';
import { treeTicks } from './proc';
import { perSecond, summarize, type Summary } from './stats';

/** One GET the suite would send: an identity asking for one object through one API route. */
export interface ProbeTarget {
  key: string | undefined;
  url: string;
  routeTemplate: string;
  objectKey: string;
  ownerKey: string;
  expectDenied: boolean;
}

/**
 * The direct-id probes of the object checks: every identity (anonymous included) × every seeded
 * object × every API route of that object kind open to every role. Allowed and forbidden mixed,
 * bodies of every kind (JSON, PDF, PNG, ZIP exports), as the suite sends them.
 */
export function probeTargets(run: RunContext): ProbeTarget[] {
  const routes = run.profile.routes.filter((route) => route.channel === 'api' && (route.object === 'piece' || route.object === 'dossier') && !route.roles);
  const targets: ProbeTarget[] = [];
  for (const route of routes) {
    for (const object of run.allObjects(route.object as ObjectKind)) {
      const url = fill(route.path, object.bindings, encodeURIComponent);
      for (const key of run.identities()) {
        const expectDenied = key === undefined || !run.policy.mayRead(key, object.ownerKey);
        targets.push({ key, url, routeTemplate: route.path, objectKey: object.key, ownerKey: object.ownerKey, expectDenied });
      }
    }
  }
  return targets;
}

/** Sends one probe; resolves to the status and the body size once the whole body is read. */
export type Send = (target: ProbeTarget) => Promise<{ status: number; bytes: number }>;

export interface Client {
  name: string;
  description: string;
  send: Send;
  close(): Promise<void>;
  /** Anything the client noticed (leaks seen by the oracle). */
  notes?: () => Record<string, number>;
}

export interface PhaseResult {
  client: string;
  description: string;
  concurrency: number;
  seconds: number;
  requests: number;
  perSecond: number;
  latencyMs: Summary;
  /** Status class → count: the same probes must get the same answers whatever the client. */
  statuses: Record<string, number>;
  megabytesPerSecond: number;
  /** CPU spent per request, in ms: the benchmark process (the client) and the portal. */
  clientCpuMsPerRequest: number;
  portalCpuMsPerRequest: number;
  notes?: Record<string, number>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Drives `concurrency` lanes over the targets round-robin: a warm-up (not counted), then a
 * measured window. Only requests started and finished inside the window count.
 */
export async function drive(client: Client, targets: readonly ProbeTarget[], options: { concurrency: number; warmupMs: number; measureMs: number; portalPid: number }): Promise<PhaseResult> {
  let cursor = 0;
  const warmupEnd = performance.now() + options.warmupMs;
  let measureStart = Number.POSITIVE_INFINITY;
  let measureEnd = Number.POSITIVE_INFINITY;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  let cpuStart: NodeJS.CpuUsage | undefined;
  let portalTicksStart = 0;

  const lane = async (): Promise<void> => {
    for (;;) {
      const now = performance.now();
      if (now >= measureEnd) return;
      if (now >= warmupEnd && measureStart === Number.POSITIVE_INFINITY) {
        measureStart = now;
        measureEnd = now + options.measureMs;
        cpuStart = process.cpuUsage();
        portalTicksStart = treeTicks([options.portalPid]);
      }
      const target = targets[cursor++ % targets.length] as ProbeTarget;
      const started = performance.now();
      const answer = await client.send(target);
      const ended = performance.now();
      if (started >= measureStart && ended <= measureEnd) {
        latencies.push(ended - started);
        const status = `${Math.floor(answer.status / 100)}xx`;
        statuses[status] = (statuses[status] ?? 0) + 1;
        bytes += answer.bytes;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const cpu = process.cpuUsage(cpuStart);
  const portalTicks = treeTicks([options.portalPid]) - portalTicksStart;
  const elapsed = measureEnd - measureStart;
  const count = latencies.length;
  return {
    client: client.name,
    description: client.description,
    concurrency: options.concurrency,
    seconds: elapsed / 1000,
    requests: count,
    perSecond: perSecond(count, elapsed),
    latencyMs: summarize(latencies),
    statuses,
    megabytesPerSecond: perSecond(bytes, elapsed) / 1e6,
    clientCpuMsPerRequest: count ? (cpu.user + cpu.system) / 1000 / count : Number.NaN,
    portalCpuMsPerRequest: count ? (portalTicks * 1000) / CLOCK_TICKS_PER_SECOND / count : Number.NaN,
    notes: client.notes?.(),
  };
}

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
