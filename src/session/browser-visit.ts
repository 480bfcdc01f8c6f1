import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Download, Page, Request as PlaywrightRequest, Response } from '@playwright/test';
import { bodyWithin } from '../browser/answer-body';
import { assertTargetAlive, judgeFailure } from '../transport/breaker';
import { assertAllowedUrl } from '../run/target';
import { seedSessionStorage } from '../sign-in/browser-token';
import { limitBrowser } from '../transport/browser-limiter';
import type { Evictable } from './context-bound';
import { UnjudgedVisitError, type BrowserVisitOptions } from './visit-options';
import type { Exchange, ProbeContext, SentRequest } from './exchange';
import { TIMER_PROBE, waitQuiet } from './page-timers';
import { countProbe, throttled } from './throttle';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * One identity's browser: a context opened on first visit, whose every answer (navigation,
 * XHR/fetch, downloads) is judged under the context of the visit that caused it. The worker's
 * bound may close it between uses; it then reopens with the session as it was when closed.
 */
export class BrowserVisits implements Evictable {
  private opening: Promise<BrowserContext> | undefined;
  private page: Promise<Page> | undefined;
  /** Visits and callers of inBrowser() running now: the context is not closed under them. */
  private users = 0;
  private closing: Promise<void> | undefined;
  /** The session when the bound closed the context (cookies set or rotated since the setup saved it). */
  private saved: StorageState | undefined;
  private current: ProbeContext | undefined;
  private seen: Exchange[] = [];
  private pendingScans = new Set<Promise<void>>();
  private readonly pending = new Set<PlaywrightRequest>();
  private screenshots = 0;

  constructor(private readonly options: BrowserVisitOptions) {}

  /**
   * Opens a URL in this identity's browser, waits until the page and what its scripts fetch have
   * settled, and returns every exchange the page caused (navigation, XHR/fetch, downloads).
   */
  async visit(context: ProbeContext, url: string): Promise<Exchange[]> {
    assertAllowedUrl(new URL(url, this.options.baseURL).toString(), this.options.allowedHosts);
    return this.inBrowser((page) => this.visitIn(page, context, url));
  }

  /** Runs `use` with this identity's page; its context stays open until `use` ends. */
  async inBrowser<T>(use: (page: Page) => Promise<T>): Promise<T> {
    this.users++;
    let result: T;
    try {
      result = await use(await this.openPage());
    } finally {
      this.users--;
    }
    // Contexts past the bound that were all busy when it was reached are closed now.
    if (this.users === 0) await this.options.bound?.trim();
    return result;
  }

  idle(): boolean {
    return this.users === 0 && this.pending.size === 0 && this.pendingScans.size === 0;
  }

  /** Called by the bound on an idle context: detached at once, so the next use opens another. */
  async evict(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    this.page = undefined;
    if (!opening) return;
    const closing = opening.then(async (context) => {
      this.saved = await context.storageState();
      await context.close();
    });
    // The caller of evict() gets a failure; a later open only waits for it to end.
    const ended = closing.then(
      () => undefined,
      () => undefined,
    );
    this.closing = ended;
    void ended.then(() => {
      if (this.closing === ended) this.closing = undefined;
    });
    await closing;
  }

  private async visitIn(page: Page, context: ProbeContext, url: string): Promise<Exchange[]> {
    // Answers that arrive after the visit settled are still judged under its context (a leak is
    // never dropped for coming late); the next visit takes over from here.
    this.current = context;
    this.seen = [];
    const download = page.waitForEvent('download', { timeout: this.options.waits.downloadMs }).catch(() => undefined);
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
    await this.settle(page);
    const exchanges = this.seen;
    this.seen = [];
    if (exchanges.some((exchange) => exchange.foreign.length > 0) && !downloadStarted) {
      const file = `${this.options.screenshotDir}/${this.options.name}-${++this.screenshots}.png`;
      await page.screenshot({ path: file, fullPage: true });
      for (const exchange of exchanges) if (exchange.foreign.length > 0) exchange.screenshot = file;
    }
    return exchanges;
  }

  /** Only under inBrowser(): a page opened outside a use could be closed by the bound at any time. */
  private async openPage(): Promise<Page> {
    // A close the bound began before this use finishes first: its saved session is what reopens.
    await this.closing;
    if (!this.opening) {
      const opening = this.newContext(this.options.browser);
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    const context = await this.opening;
    let page = await this.page?.catch(() => undefined);
    if (!page || page.isClosed()) {
      this.page = context.newPage();
      page = await this.page;
    }
    await this.options.bound?.touch(this);
    return page;
  }

  private async newContext(browser: Browser): Promise<BrowserContext> {
    const context = await browser.newContext({
      baseURL: this.options.baseURL,
      storageState: this.saved ?? this.options.storageState,
      acceptDownloads: true,
      extraHTTPHeaders: this.options.sessionHeaders,
    });
    // Every hook below is set again on a reopened context: it is this function that opens both. A
    // token kept in sessionStorage is seeded again in the new tab, as in any first tab.
    await seedSessionStorage(context, this.options.sessionStorage);
    await context.addInitScript({ content: TIMER_PROBE });
    await limitBrowser(context);
    context.on('request', (request) => this.pending.add(request));
    context.on('requestfinished', (request) => this.pending.delete(request));
    context.on('requestfailed', (request) => this.pending.delete(request));
    context.on('response', (response) => {
      // A download never "finishes" as a page request: its answer is all the page will get.
      if (/attachment/i.test(response.headers()['content-disposition'] ?? '')) this.pending.delete(response.request());
      // Once its answer is judged, a request is done for the visit, whether or not the browser
      // ever says "finished" (it does not always, for a fetch whose body the page consumed).
      const scan = this.scanBrowserResponse(response).finally(() => {
        this.pendingScans.delete(scan);
        this.pending.delete(response.request());
      });
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
    const unread: string[] = [];
    // A navigation that turns into a download has its body in the downloaded file (scanDownload).
    const download = request.isNavigationRequest() && /attachment/i.test(response.headers()['content-disposition'] ?? '');
    const read = download ? { body } : await bodyWithin(response, this.options.waits.bodyMs);
    if ('body' in read) body = read.body;
    else {
      // A body that never came is not an empty one: no proof it was clean.
      const again = await this.readAgain(context, request).catch((reason: unknown) => `${read.late}; read again over HTTP: ${String(reason)}`);
      if (typeof again === 'string') unread.push(`body: ${again}`);
      else body = again;
    }
    const sent: SentRequest = { method: request.method(), url: response.url(), headers: {} };
    // A context closed under a late answer (dispose after a failed visit) still has the headers it received.
    const headers = await response.allHeaders().catch(() => response.headers());
    const exchange = this.options.judge({ ...context, channel: 'ui' }, sent, response.status(), headers, body, unread);
    this.seen.push(exchange);
  }

  /**
   * Chromium does not hand over the body of an answer the page never read (a fetch of a 404 whose
   * body the script ignores): the same GET, with the page's own headers (its cookie, its bearer),
   * is sent again over HTTP and that answer's body is judged. Anything else stays unread.
   */
  private async readAgain(context: ProbeContext, request: PlaywrightRequest): Promise<Buffer> {
    if (request.method() !== 'GET') throw new Error(`a ${request.method()} is not sent twice`);
    const url = request.url();
    assertAllowedUrl(url, this.options.allowedHosts);
    const headers = Object.fromEntries(Object.entries(await request.allHeaders()).filter(([name]) => !name.startsWith(':') && name !== 'host'));
    const answer = await throttled(context, () => this.options.http.send({ method: 'GET', url, headers, timeoutMs: this.options.waits.bodyMs }));
    return Buffer.from(answer.body);
  }

  private async scanDownload(context: ProbeContext, url: string, download: Download | undefined): Promise<void> {
    if (!download) throw new UnjudgedVisitError(`${url}: the browser began a download that did not arrive within ${this.options.waits.downloadMs / 1000} s: its content could not be judged`);
    const failure = await download.failure();
    if (failure) throw new UnjudgedVisitError(`${url}: the download failed (${failure}): its content could not be judged`);
    const path = await download.path();
    const body = readFileSync(path);
    const sent: SentRequest = { method: 'GET', url: new URL(url, this.options.baseURL).toString(), headers: {} };
    const headers = { 'content-disposition': `attachment; filename="${download.suggestedFilename()}"` };
    this.seen.push(this.options.judge({ ...context, channel: 'ui' }, sent, 200, headers, body));
  }

  /**
   * Waits until no request is in flight and no short timer is pending for a quiet period, and
   * every scan has finished. Requests still without an answer at the limit make the visit an
   * error: their answers would come unjudged.
   */
  private async settle(page: Page): Promise<void> {
    await waitQuiet(page, this.options.waits, () => this.pending.size > 0 || this.pendingScans.size > 0);
    await Promise.all([...this.pendingScans]);
    const open = [...this.pending].map((request) => `${request.method()} ${request.url()}`);
    this.pending.clear();
    if (open.length > 0) {
      throw new UnjudgedVisitError(`${open.length} request(s) still in flight ${this.options.waits.settleLimitMs / 1000} s after the page loaded, their answers not judged: ${open.slice(0, 3).join('; ')}`);
    }
  }

  async close(): Promise<void> {
    this.options.bound?.forget(this);
    await this.closing;
    const opening = this.opening;
    this.opening = undefined;
    this.page = undefined;
    await (await opening?.catch(() => undefined))?.close();
  }
}
