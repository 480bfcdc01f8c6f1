import { writeFileSync } from 'node:fs';
import { Server, type IncomingMessage } from 'node:http';

/**
 * Preloaded into the portal by the benchmark (`node --import ./src/bench/request-counter.ts`):
 * counts the requests the server receives, by who sent them, and writes the counts to
 * BENCH_COUNT_FILE when the process exits. The suite itself is not touched: probes are counted
 * where they land.
 */
export interface RequestCounts {
  total: number;
  /** Seeding calls (they carry the provisioning token header). */
  provisioning: number;
  /** Every HTTP client that is not a browser: sign-ins and API probes, whatever transport the harness uses. */
  api: number;
  /** Chromium: pages, the scripts' fetches, assets, downloads. */
  browser: number;
  /** The first few user agents counted as "api", to tell which clients sent them. */
  apiAgents?: string[];
}

export function classify(headers: IncomingMessage['headers'], provisioningHeader: string): 'provisioning' | 'api' | 'browser' {
  if (headers[provisioningHeader] !== undefined) return 'provisioning';
  return /HeadlessChrome|Chrome\//.test(headers['user-agent'] ?? '') ? 'browser' : 'api';
}

const file = process.env.BENCH_COUNT_FILE;
if (file) {
  const provisioningHeader = (process.env.BENCH_PROVISIONING_HEADER ?? 'x-provisioning-token').toLowerCase();
  const counts: RequestCounts = { total: 0, provisioning: 0, api: 0, browser: 0 };
  // Kept unbound on purpose: it is re-applied to each server below with its own `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const headers = (args[0] as IncomingMessage).headers;
      const sender = classify(headers, provisioningHeader);
      counts.total++;
      counts[sender]++;
      const agent = headers['user-agent'] ?? '(none)';
      if (sender === 'api' && (counts.apiAgents ??= []).length < 5 && !counts.apiAgents.includes(agent)) counts.apiAgents.push(agent);
    }
    return emit.apply(this, [event, ...args]);
  };
  process.on('exit', () => writeFileSync(file, JSON.stringify(counts)));
}
