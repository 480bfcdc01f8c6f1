import type { Request as BrowserRequest, Page } from '@playwright/test';
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
export function crawl(identity: Identity, start: readonly string[], origin: string, context: ProbeContext, shapeOf: (url: string) => string, bounds: CrawlBounds = DEFAULT_BOUNDS): Promise<CrawlResult> {
  // The crawl reads the page between its visits: the page's context stays open until it ends.
  return identity.inBrowser((page) => crawlIn(page, identity, start, origin, context, shapeOf, bounds));
}

async function crawlIn(page: Page, identity: Identity, start: readonly string[], origin: string, context: ProbeContext, shapeOf: (url: string) => string, bounds: CrawlBounds): Promise<CrawlResult> {
  const crawler = new Crawler(identity, origin, context, bounds);
  const onRequest = (request: BrowserRequest): void => {
    const url = new URL(request.url());
    if (url.origin !== origin) return;
    const headers = request.headers();
    crawler.record({ method: request.method(), url: url.pathname + url.search, body: request.postData() ?? undefined, contentType: headers['content-type'], headers: pageHeaders(headers), source: 'browser', sent: true });
  };
  page.on('request', onRequest);

  const queue = crawler.queue;
  for (const url of start) queue.push({ url: new URL(url, origin).toString(), depth: 0 });
  for (const item of queue) crawler.seen.add(item.url);
  const rendered = new Map<string, number>();
  let pages = 0;
  try {
    while (queue.length > 0 && pages < bounds.maxPages) {
      const { url, depth } = queue.shift() as Pending;
      const shape = shapeOf(url);
      if ((rendered.get(shape) ?? 0) >= bounds.maxPerRoute) {
        crawler.skipped.push({ url, reason: `already rendered ${bounds.maxPerRoute} pages of ${shape}` });
        continue;
      }
      rendered.set(shape, (rendered.get(shape) ?? 0) + 1);
      pages++;
      for (const exchange of await identity.visit(context, url)) crawler.read(exchange);
      if (depth >= bounds.maxDepth) continue;
      const controls = await page.evaluate<Control[]>(COLLECT_CONTROLS);
      for (const control of controls) await crawler.follow(control, depth);
    }
  } finally {
    page.off('request', onRequest);
  }
  for (const item of queue) crawler.skipped.push({ url: item.url, reason: 'page budget spent' });
  return { requests: [...crawler.requests.values()], found: [...crawler.found.values()], pages, skipped: crawler.skipped };
}

/** What one crawl has recorded, found, skipped and still has to render. */
class Crawler {
  readonly requests = new Map<string, RecordedRequest>();
  readonly found = new Map<string, FoundUrl>();
  readonly skipped: CrawlResult['skipped'] = [];
  readonly queue: Pending[] = [];
  readonly seen = new Set<string>();
  private fetches = 0;

  constructor(
    private readonly identity: Identity,
    private readonly origin: string,
    private readonly context: ProbeContext,
    private readonly bounds: CrawlBounds,
  ) {}

  record(request: RecordedRequest): void {
    const key = `${request.method} ${request.url} ${request.body ?? ''}`;
    if (!this.requests.has(key)) this.requests.set(key, request);
  }

  /** The URLs a same-origin page or script names. */
  read(exchange: Exchange): void {
    if (new URL(exchange.request.url).origin !== this.origin || exchange.status >= 400) return;
    const type = exchange.contentType ?? '';
    const urls = /javascript|ecmascript/i.test(type) ? urlsInText(exchange.text, this.origin) : /html/i.test(type) ? urlsInHtml(exchange.text, this.origin) : [];
    for (const url of urls) this.found.set(url.path, url);
  }

  /** One control of a rendered page: left alone, noted, or fetched and queued when it leads to a page. */
  async follow(control: Control, depth: number): Promise<void> {
    const origin = this.origin;
    const verdict = decide(control, origin);
    const target = verdict === 'skip' ? undefined : new URL(control.url);
    if (!target) {
      if (control.url.startsWith(origin)) this.skipped.push({ url: control.url, reason: `left alone: "${control.text.slice(0, 40)}"` });
      return;
    }
    const path = target.pathname + target.search;
    if (verdict === 'note') {
      this.record({ method: control.method, url: path, source: 'form', sent: false });
      return;
    }
    target.hash = '';
    if (this.seen.has(target.toString())) return;
    this.seen.add(target.toString());
    if (this.fetches >= this.bounds.maxFetches) {
      this.skipped.push({ url: path, reason: 'fetch budget spent' });
      return;
    }
    // Fetched once over HTTP first: only HTML pages are worth a browser (a download or a
    // JSON answer runs no script), and this is the request a click would have made.
    this.fetches++;
    const exchange = await this.identity.request({ ...this.context, channel: 'api' }, { method: 'GET', url: path });
    this.record({ method: 'GET', url: path, source: control.kind, sent: true });
    this.read(exchange);
    const location = exchange.headers.location;
    if (exchange.status >= 300 && exchange.status < 400 && location) {
      const next = new URL(location, target);
      if (next.origin === origin && !this.seen.has(next.toString())) this.queue.push({ url: next.toString(), depth: depth + 1 });
    } else if (exchange.status < 300 && /html/i.test(exchange.contentType ?? '')) {
      this.queue.push({ url: target.toString(), depth: depth + 1 });
    }
  }
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
