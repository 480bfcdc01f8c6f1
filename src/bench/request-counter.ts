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
  /** Playwright's API request context: sign-ins and API probes. */
  api: number;
  /** Chromium: pages, the scripts' fetches, assets, downloads. */
  browser: number;
  other: number;
  /** The first few user agents counted as "other", to tell what sent them. */
  otherAgents?: string[];
}

export function classify(headers: IncomingMessage['headers'], provisioningHeader: string): keyof Omit<RequestCounts, 'total'> {
  if (headers[provisioningHeader] !== undefined) return 'provisioning';
  const agent = headers['user-agent'] ?? '';
  if (/HeadlessChrome|Chrome\//.test(agent)) return 'browser';
  if (/Playwright/i.test(agent)) return 'api';
  return 'other';
}

const file = process.env.BENCH_COUNT_FILE;
if (file) {
  const provisioningHeader = (process.env.BENCH_PROVISIONING_HEADER ?? 'x-provisioning-token').toLowerCase();
  const counts: RequestCounts = { total: 0, provisioning: 0, api: 0, browser: 0, other: 0 };
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
      if (sender === 'other' && (counts.otherAgents ??= []).length < 5 && !counts.otherAgents.includes(agent)) counts.otherAgents.push(agent);
    }
    return emit.apply(this, [event, ...args]);
  };
  process.on('exit', () => writeFileSync(file, JSON.stringify(counts)));
}
