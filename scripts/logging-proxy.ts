/**
 * A logging proxy for testing cloison's manners: put it in front of a portal, point cloison at it
 * (CLOISON_BASE_URL), and it records every request with its arrival and end times and how many
 * requests were in flight when it arrived. A test tool: its log holds what crossed the wire
 * (cookies, tokens, JSON answers), so it lives in memory or in a file of the caller's choosing.
 *
 *   npx tsx scripts/logging-proxy.ts --target http://127.0.0.1:3100 --port 3199 [--log proxy.jsonl]
 *   CLOISON_BASE_URL=http://127.0.0.1:3199 CLOISON_MAX_RPS=20 CLOISON_MAX_CONCURRENCY=2 npx playwright test
 *
 * On Ctrl-C it prints the busiest one-second window and the highest in-flight count.
 */
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export interface ProxiedRequest {
  method: string;
  url: string;
  start: number;
  end?: number;
  /** Requests in flight when this one arrived, itself included. */
  inFlight: number;
  status?: number;
  requestHeaders: http.IncomingHttpHeaders;
  responseHeaders?: http.IncomingHttpHeaders;
  /** JSON answers only, first 64 KiB: where tokens (CSRF, share links) are handed out. */
  json?: string;
}

export interface LoggingProxy {
  url: string;
  log: ProxiedRequest[];
  close(): Promise<void>;
}

export interface ProxySummary {
  requests: number;
  /** Most requests that arrived within any one second ([t, t + 1000 ms)). */
  busiestSecond: number;
  highestInFlight: number;
}

export async function startLoggingProxy(target: string, port = 0, logFile?: string): Promise<LoggingProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const log: ProxiedRequest[] = [];
  let inFlight = 0;
  const server = http.createServer((incoming, outgoing) => {
    inFlight++;
    const entry: ProxiedRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', start: Date.now(), inFlight, requestHeaders: incoming.headers };
    log.push(entry);
    let ended = false;
    const finish = (): void => {
      if (ended) return;
      ended = true;
      inFlight--;
      entry.end = Date.now();
      if (logFile) appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
    };
    outgoing.on('finish', finish);
    outgoing.on('close', finish);
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host }, agent },
      (answer) => {
        entry.status = answer.statusCode;
        entry.responseHeaders = answer.headers;
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        const json = /json/i.test(answer.headers['content-type'] ?? '') && !answer.headers['content-encoding'];
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          if (json && chunks.reduce((size, part) => size + part.length, 0) < 65_536) chunks.push(chunk);
          outgoing.write(chunk);
        });
        answer.on('end', () => {
          if (json) entry.json = Buffer.concat(chunks).subarray(0, 65_536).toString('utf8');
          outgoing.end();
        });
        answer.on('error', () => outgoing.destroy());
      },
    );
    forward.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

export function summarize(log: readonly ProxiedRequest[]): ProxySummary {
  const starts = log.map((entry) => entry.start).sort((a, b) => a - b);
  let busiestSecond = 0;
  let first = 0;
  for (let last = 0; last < starts.length; last++) {
    while ((starts[first] ?? 0) <= (starts[last] ?? 0) - 1000) first++;
    busiestSecond = Math.max(busiestSecond, last - first + 1);
  }
  return { requests: log.length, busiestSecond, highestInFlight: Math.max(0, ...log.map((entry) => entry.inFlight)) };
}

async function main(argv: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const target = option('--target');
  if (!target) {
    console.error('usage: npx tsx scripts/logging-proxy.ts --target <portal URL> [--port <port>] [--log <file.jsonl>]');
    process.exitCode = 2;
    return;
  }
  const proxy = await startLoggingProxy(target, Number(option('--port') ?? 0), option('--log'));
  console.log(`logging proxy ${proxy.url} → ${target}`);
  process.once('SIGINT', () => {
    const summary = summarize(proxy.log);
    console.log(`${summary.requests} requests; busiest one-second window: ${summary.busiestSecond}; highest in flight: ${summary.highestInFlight}`);
    void proxy.close().then(() => process.exit(0));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main(process.argv.slice(2));
