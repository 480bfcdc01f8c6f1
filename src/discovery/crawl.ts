import type { Request as BrowserRequest } from '@playwright/test';
import { SENSITIVE_HEADERS } from '../findings/redact';
import type { Exchange, ProbeContext } from '../session/exchange';
import type { Identity } from '../session/identity';
import { COLLECT_CONTROLS, decide, type Control } from './controls';
import type { Source } from './coverage';
import { urlsInHtml, urlsInText, type FoundUrl } from './script-urls';

/** One request the owner's crawl made (or, for an unsafe form, would have made). */
export interface RecordedRequest {
  method: string;
  /** Path and query, same origin. */
  url: string;
  body?: string;
  contentType?: string;
  /** Headers the page set beyond the browser's own, credentials left out (a delegation header). */
  headers?: Record<string, string>;
  source: Source;
  /** False for unsafe controls that were noted, never sent. */
  sent: boolean;
}

export interface CrawlResult {
  requests: RecordedRequest[];
  /** URLs and URL templates read in the pages and scripts the browser loaded. */
  found: FoundUrl[];
  pages: number;
  skipped: { url: string; reason: string }[];
}

export interface CrawlBounds {
  maxDepth: number;
  maxPages: number;
  /** Pages of one route shape rendered at most (three pièce pages tell as much as thirty). */
  maxPerRoute: number;
  maxFetches: number;
}

export const DEFAULT_BOUNDS: CrawlBounds = { maxDepth: 3, maxPages: 20, maxPerRoute: 2, maxFetches: 60 };

interface Pending {
  url: string;
  depth: number;
}

/**
 * Crawls the portal as one signed-in person, from the start pages: pages are rendered in the
 * person's Chromium (so what their scripts fetch is seen), links and GET forms are followed, unsafe
 * and destructive controls are only noted. Every same-origin request the browser makes is recorded.
 */
export async function crawl(identity: Identity, start: readonly string[], origin: string, context: ProbeContext, shapeOf: (url: string) => string, bounds: CrawlBounds = DEFAULT_BOUNDS): Promise<CrawlResult> {
  const requests = new Map<string, RecordedRequest>();
  const found = new Map<string, FoundUrl>();
  const skipped: CrawlResult['skipped'] = [];
  const record = (request: RecordedRequest): void => {
    const key = `${request.method} ${request.url} ${request.body ?? ''}`;
    if (!requests.has(key)) requests.set(key, request);
  };
  const read = (exchange: Exchange): void => {
    if (new URL(exchange.request.url).origin !== origin || exchange.status >= 400) return;
    const type = exchange.contentType ?? '';
    const urls = /javascript|ecmascript/i.test(type) ? urlsInText(exchange.text, origin) : /html/i.test(type) ? urlsInHtml(exchange.text, origin) : [];
    for (const url of urls) found.set(url.path, url);
  };

  const page = await identity.browserPage();
  const onRequest = (request: BrowserRequest): void => {
    const url = new URL(request.url());
    if (url.origin !== origin) return;
    const headers = request.headers();
    record({ method: request.method(), url: url.pathname + url.search, body: request.postData() ?? undefined, contentType: headers['content-type'], headers: pageHeaders(headers), source: 'browser', sent: true });
  };
  page.on('request', onRequest);

  const queue: Pending[] = start.map((url) => ({ url: new URL(url, origin).toString(), depth: 0 }));
  const seen = new Set(queue.map((item) => item.url));
  const rendered = new Map<string, number>();
  let pages = 0;
  let fetches = 0;
  try {
    while (queue.length > 0 && pages < bounds.maxPages) {
      const { url, depth } = queue.shift() as Pending;
      const shape = shapeOf(url);
      if ((rendered.get(shape) ?? 0) >= bounds.maxPerRoute) {
        skipped.push({ url, reason: `already rendered ${bounds.maxPerRoute} pages of ${shape}` });
        continue;
      }
      rendered.set(shape, (rendered.get(shape) ?? 0) + 1);
      pages++;
      for (const exchange of await identity.visit(context, url)) read(exchange);
      if (depth >= bounds.maxDepth) continue;
      const controls = await page.evaluate<Control[]>(COLLECT_CONTROLS);
      for (const control of controls) {
        const verdict = decide(control, origin);
        const target = verdict === 'skip' ? undefined : new URL(control.url);
        if (!target) {
          if (control.url.startsWith(origin)) skipped.push({ url: control.url, reason: `left alone: "${control.text.slice(0, 40)}"` });
          continue;
        }
        const path = target.pathname + target.search;
        if (verdict === 'note') {
          record({ method: control.method, url: path, source: 'form', sent: false });
          continue;
        }
        target.hash = '';
        if (seen.has(target.toString())) continue;
        seen.add(target.toString());
        if (fetches >= bounds.maxFetches) {
          skipped.push({ url: path, reason: 'fetch budget spent' });
          continue;
        }
        // Fetched once over HTTP first: only HTML pages are worth a browser (a download or a
        // JSON answer runs no script), and this is the request a click would have made.
        fetches++;
        const exchange = await identity.request({ ...context, channel: 'api' }, { method: 'GET', url: path });
        record({ method: 'GET', url: path, source: control.kind, sent: true });
        read(exchange);
        const location = exchange.headers.location;
        if (exchange.status >= 300 && exchange.status < 400 && location) {
          const next = new URL(location, target);
          if (next.origin === origin && !seen.has(next.toString())) queue.push({ url: next.toString(), depth: depth + 1 });
        } else if (exchange.status < 300 && /html/i.test(exchange.contentType ?? '')) {
          queue.push({ url: target.toString(), depth: depth + 1 });
        }
      }
    }
  } finally {
    page.off('request', onRequest);
  }
  for (const item of queue) skipped.push({ url: item.url, reason: 'page budget spent' });
  return { requests: [...requests.values()], found: [...found.values()], pages, skipped };
}

/** What the browser sends by itself, and credentials: neither is a position a page chose to fill. */
const BROWSER_HEADERS = new Set(['accept', 'accept-language', 'accept-encoding', 'user-agent', 'referer', 'origin', 'content-type', 'content-length', 'host', 'connection', 'upgrade-insecure-requests', 'cache-control', 'pragma', 'range', 'if-none-match', 'if-modified-since', 'priority']);

function pageHeaders(headers: Record<string, string>): Record<string, string> | undefined {
  const kept = Object.entries(headers).filter(([name]) => {
    const lower = name.toLowerCase();
    return !BROWSER_HEADERS.has(lower) && !lower.startsWith('sec-') && !SENSITIVE_HEADERS.has(lower);
  });
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
