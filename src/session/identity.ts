import { readFileSync } from 'node:fs';
import type { APIRequestContext, Browser, BrowserContext, Download, Page, Request as PlaywrightRequest, Response } from '@playwright/test';
import { assertTargetAlive, judgeFailure } from '../run/breaker';
import { assertAllowedUrl } from '../run/target';
import { HttpClient } from './http-client';
import { echoableText } from '../oracle/echo';
import type { Evidence } from '../findings/types';
import type { Exchange, ExchangeSink, ProbeContext, ResponseScanner, SentRequest } from './exchange';
import { limitBrowser } from './browser-limiter';
import { countProbe, throttled } from './throttle';

export interface IdentityRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  data?: string | Buffer | Record<string, unknown>;
  multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>;
}

export interface IdentityOptions {
  /** Population key, or undefined for the anonymous visitor. */
  key: string | undefined;
  role: string;
  baseURL: string;
  allowedHosts: readonly string[];
  visibleOwners: ReadonlySet<string>;
  scanner: ResponseScanner;
  api: APIRequestContext;
  /** The worker's browser; this identity's context in it is opened on first visit. */
  browser: Browser;
  /** Storage-state file for the browser context (cookies of the signed-in session). */
  storageState?: string;
  /** Extra headers a session needs on every request (bearer token, CSRF). Secrets: never recorded. */
  sessionHeaders?: Record<string, string>;
  screenshotDir: string;
}

const TEXT_LIMIT = 256 * 1024;
const QUIET_MS = 15;
const SETTLE_LIMIT_MS = 5_000;
const BODY_TIMEOUT_MS = 5_000;

/**
 * One person (or nobody) with one API context and, on demand, one browser context. Every answer
 * either channel receives goes through the oracle; foreign evidence is handed to the sink.
 */
export class Identity {
  readonly name: string;
  sink: ExchangeSink | undefined;
  private browserContext: BrowserContext | undefined;
  private page: Page | undefined;
  private current: ProbeContext | undefined;
  private seen: Exchange[] = [];
  private pendingScans = new Set<Promise<void>>();
  private readonly pending = new Set<PlaywrightRequest>();
  private screenshots = 0;
  private readonly http: HttpClient;

  constructor(private readonly options: IdentityOptions) {
    this.name = options.key ?? 'anonymous';
    this.http = HttpClient.fromStorageState(options.baseURL, options.storageState);
  }

  /** This identity's HTTP client (its cookie jar is the session), for requests whose URL carries a secret. */
  get client(): HttpClient {
    return this.http;
  }

  get key(): string | undefined {
    return this.options.key;
  }

  get role(): string {
    return this.options.role;
  }

  mayReceive(ownerKey: string): boolean {
    return this.options.visibleOwners.has(ownerKey);
  }

  /** One HTTP request through the API context; redirects are not followed so a 302 is judged too. */
  async request(context: ProbeContext, request: IdentityRequest): Promise<Exchange> {
    const url = new URL(request.url, this.options.baseURL).toString();
    assertAllowedUrl(url, this.options.allowedHosts);
    const answer = await throttled(context, () =>
      this.http.send({ method: request.method, url, headers: { ...this.options.sessionHeaders, ...request.headers }, data: request.data, multipart: request.multipart }),
    );
    const sent: SentRequest = { method: request.method, url, headers: { ...request.headers }, body: describeBody(request) };
    return this.judge(context, sent, answer.status, answer.headers, answer.body);
  }

  /**
   * Opens a URL in this identity's browser, waits until the page and what its scripts fetch have
   * settled, and returns every exchange the page caused (navigation, XHR/fetch, downloads).
   */
  async visit(context: ProbeContext, url: string): Promise<Exchange[]> {
    assertAllowedUrl(new URL(url, this.options.baseURL).toString(), this.options.allowedHosts);
    const page = await this.openPage();
    this.current = context;
    this.seen = [];
    const download = page.waitForEvent('download', { timeout: 10_000 }).catch(() => undefined);
    let downloadStarted = false;
    try {
      // The page's requests, navigation included, wait for the run's limiter where they leave (limitBrowser).
      countProbe(context);
      assertTargetAlive();
      await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
    } catch (error) {
      if (!String(error).includes('Download is starting')) {
        await judgeFailure(error);
        throw error;
      }
      downloadStarted = true;
    }
    if (downloadStarted) await this.scanDownload(context, url, await download);
    await this.settle();
    const exchanges = this.seen;
    if (exchanges.some((exchange) => exchange.foreign.length > 0) && !downloadStarted) {
      const file = `${this.options.screenshotDir}/${this.name}-${++this.screenshots}.png`;
      await page.screenshot({ path: file, fullPage: true });
      for (const exchange of exchanges) if (exchange.foreign.length > 0) exchange.screenshot = file;
    }
    this.current = undefined;
    return exchanges;
  }

  async browserPage(): Promise<Page> {
    return this.openPage();
  }

  async dispose(): Promise<void> {
    await this.browserContext?.close();
    await this.options.api.dispose();
    this.http.close();
  }

  private async openPage(): Promise<Page> {
    if (this.page && !this.page.isClosed()) return this.page;
    this.browserContext ??= await this.newContext(this.options.browser);
    this.page = await this.browserContext.newPage();
    return this.page;
  }

  private async newContext(browser: Browser): Promise<BrowserContext> {
    const context = await browser.newContext({
      baseURL: this.options.baseURL,
      storageState: this.options.storageState,
      acceptDownloads: true,
      extraHTTPHeaders: this.options.sessionHeaders,
    });
    await limitBrowser(context);
    context.on('request', (request) => this.pending.add(request));
    context.on('requestfinished', (request) => this.pending.delete(request));
    context.on('requestfailed', (request) => this.pending.delete(request));
    context.on('response', (response) => {
      // A download never "finishes" as a page request: its answer is all the page will get.
      if (/attachment/i.test(response.headers()['content-disposition'] ?? '')) this.pending.delete(response.request());
      const scan = this.scanBrowserResponse(response).finally(() => this.pendingScans.delete(scan));
      this.pendingScans.add(scan);
    });
    return context;
  }

  private async scanBrowserResponse(response: Response): Promise<void> {
    const context = this.current;
    // The browser's own pages (the PDF viewer, extensions) are not the target's answers.
    if (!context || !/^https?:/.test(response.url())) return;
    const request = response.request();
    let body: Buffer = Buffer.alloc(0);
    try {
      body = await withTimeout(response.body(), BODY_TIMEOUT_MS);
    } catch {
      // Redirects and downloads have no body here; their headers are still judged.
    }
    const sent: SentRequest = { method: request.method(), url: response.url(), headers: {} };
    const exchange = this.judge({ ...context, channel: 'ui' }, sent, response.status(), await response.allHeaders(), body);
    this.seen.push(exchange);
  }

  private async scanDownload(context: ProbeContext, url: string, download: Download | undefined): Promise<void> {
    if (!download) return;
    const path = await download.path();
    const body = readFileSync(path);
    const sent: SentRequest = { method: 'GET', url: new URL(url, this.options.baseURL).toString(), headers: {} };
    const headers = { 'content-disposition': `attachment; filename="${download.suggestedFilename()}"` };
    this.seen.push(this.judge({ ...context, channel: 'ui' }, sent, 200, headers, body));
  }

  /** Waits until no request is in flight for a short quiet period and every scan has finished. */
  private async settle(): Promise<void> {
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      if (this.pending.size > 0 || this.pendingScans.size > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= QUIET_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all([...this.pendingScans]);
    this.pending.clear();
  }

  private judge(context: ProbeContext, request: SentRequest, status: number, headers: Record<string, string>, body: Buffer): Exchange {
    const contentType = headers['content-type'];
    const evidence = this.options.scanner.scan({ body, headers, contentType });
    const sentText = echoableText(request);
    // A marker the requester put in its own request (a search term, an id in the path) and the
    // answer repeats proves nothing was learned; any other marker of the same person still does.
    const foreign = evidence.filter((item: Evidence) => !this.options.visibleOwners.has(item.ownerKey) && !sentText.includes(item.value));
    const exchange: Exchange = {
      identity: this.name,
      context,
      request,
      status,
      headers,
      contentType,
      text: body.subarray(0, TEXT_LIMIT).toString('utf8'),
      body,
      evidence,
      foreign,
    };
    if (foreign.length > 0) this.sink?.leak(exchange);
    return exchange;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no body after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeBody(request: IdentityRequest): string | undefined {
  if (request.multipart) {
    return Object.entries(request.multipart)
      .map(([name, value]) => `${name}=${typeof value === 'string' ? value : `<file ${value.name}>`}`)
      .join('&');
  }
  if (request.data === undefined) return undefined;
  if (typeof request.data === 'string') return request.data;
  if (Buffer.isBuffer(request.data)) return `<${request.data.length} bytes>`;
  return JSON.stringify(request.data);
}
