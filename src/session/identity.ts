import type { Page } from '@playwright/test';
import { assertAllowedUrl } from '../run/target';
import { BrowserVisits } from './browser-visit';
import { DEFAULT_WAITS, type BrowserVisitOptions, type VisitWaits } from './visit-options';
import type { ContextBound } from './context-bound';
import type { Exchange, ExchangeSink, ProbeContext, ResponseScanner, SentRequest } from './exchange';
import { HttpClient } from '../transport/http-client';
import { judgeAnswer } from './judge-answer';
import { throttled } from './throttle';

export { UnjudgedVisitError, type VisitWaits } from './visit-options';

export interface IdentityRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  data?: string | Buffer | Record<string, unknown>;
  multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>;
  /** Cookies beside the session's, replacing any of the same name for this request only. */
  cookies?: Record<string, string>;
}

/** The browser's part of the options is handed to this identity's BrowserVisits as it is. */
export interface IdentityOptions extends Pick<BrowserVisitOptions, 'baseURL' | 'allowedHosts' | 'browser' | 'storageState' | 'sessionHeaders' | 'sessionStorage' | 'screenshotDir'> {
  /** Population key, or undefined for the anonymous visitor. */
  key: string | undefined;
  role: string;
  baseURL: string;
  allowedHosts: readonly string[];
  visibleOwners: ReadonlySet<string>;
  scanner: ResponseScanner;
  /** The worker's bound on open browser contexts (pool.ts); without one the context stays open. */
  contexts?: ContextBound;
  /** How long a visit waits for what it must judge (defaults below; tests shorten them). */
  waits?: Partial<VisitWaits>;
}

/**
 * One person (or nobody) with one API context and, on demand, one browser context (which the
 * worker's bound may close between uses and reopen with the same session). Every answer
 * either channel receives goes through the oracle (judge-answer.ts); foreign evidence is handed to the sink.
 */
export class Identity {
  readonly name: string;
  sink: ExchangeSink | undefined;
  private readonly http: HttpClient;
  private readonly visits: BrowserVisits;

  constructor(private readonly options: IdentityOptions) {
    this.name = options.key ?? 'anonymous';
    this.http = HttpClient.fromStorageState(options.baseURL, options.storageState);
    this.visits = new BrowserVisits({
      name: this.name,
      baseURL: options.baseURL,
      allowedHosts: options.allowedHosts,
      browser: options.browser,
      bound: options.contexts,
      storageState: options.storageState,
      sessionHeaders: options.sessionHeaders,
      sessionStorage: options.sessionStorage,
      screenshotDir: options.screenshotDir,
      waits: { ...DEFAULT_WAITS, ...options.waits },
      http: this.http,
      judge: (context, request, status, headers, body, unread) => this.judge(context, request, status, headers, body, unread),
    });
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
    // Parsed once: the host check and the client take the URL itself.
    const parsed = new URL(request.url, this.options.baseURL);
    assertAllowedUrl(parsed, this.options.allowedHosts);
    const url = parsed.href;
    const answer = await throttled(context, () =>
      this.http.send({ method: request.method, url: parsed, headers: { ...this.options.sessionHeaders, ...request.headers }, data: request.data, multipart: request.multipart, cookies: request.cookies }),
    );
    const sent: SentRequest = { method: request.method, url, headers: { ...request.headers }, body: describeBody(request) };
    return this.judge(context, sent, answer.status, answer.headers, answer.body);
  }

  /**
   * Opens a URL in this identity's browser, waits until the page and what its scripts fetch have
   * settled, and returns every exchange the page caused (navigation, XHR/fetch, downloads).
   */
  visit(context: ProbeContext, url: string): Promise<Exchange[]> {
    return this.visits.visit(context, url);
  }

  /** Runs `use` with this identity's page, whose context is not closed (by the worker's bound) until `use` ends. */
  inBrowser<T>(use: (page: Page) => Promise<T>): Promise<T> {
    return this.visits.inBrowser(use);
  }

  async dispose(): Promise<void> {
    await this.visits.close();
    this.http.close();
  }

  private judge(context: ProbeContext, request: SentRequest, status: number, headers: Record<string, string>, body: Buffer, unread: readonly string[] = []): Exchange {
    return judgeAnswer({ name: this.name, scanner: this.options.scanner, visibleOwners: this.options.visibleOwners, sink: this.sink }, context, request, status, headers, body, unread);
  }
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
