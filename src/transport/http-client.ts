import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Cookie } from 'tough-cookie';
import { CookieHeaders } from './cookie-headers';

/** A cookie as Playwright writes it in a storage-state file. */
export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires?: number;
  secure?: boolean;
  httpOnly?: boolean;
}

export type FilePart = { name: string; mimeType: string; buffer: Buffer };

export interface HttpRequest {
  method: string;
  /** Relative to the client's base URL; a URL already parsed is taken as it is. */
  url: string | URL;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as is. */
  data?: string | Buffer | Record<string, unknown>;
  multipart?: Record<string, string | FilePart>;
  /** Cookies sent beside the jar's, replacing any of the same name (the jar keeps its own). */
  cookies?: Record<string, string>;
  timeoutMs?: number;
}

export interface HttpAnswer {
  status: number;
  /** Lower-case names; repeated headers joined with ", " (set-cookie with "\n"), as Playwright does. */
  headers: Record<string, string>;
  /** Decoded body (gzip, deflate and br undone). */
  body: Buffer;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Methods a server must treat as idempotent (RFC 9110 §9.2.2): the only ones ever sent twice. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * One identity's HTTP client: a keep-alive connection pool and a cookie jar seeded from the session
 * the setup saved. Probes go straight to the wire: a request through Playwright's API context costs
 * a stack capture and a reported step each, which made the API checks CPU-bound in the worker.
 * Redirects are never followed, so a 302 that carries data is judged as it is.
 */
export class HttpClient {
  private readonly jar = new CookieHeaders();
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
  };

  constructor(
    private readonly baseURL: string,
    cookies: readonly StoredCookie[] = [],
  ) {
    for (const cookie of cookies) this.jar.store(fromStored(cookie), originOf(cookie));
  }

  static fromStorageState(baseURL: string, storageStateFile: string | undefined): HttpClient {
    if (!storageStateFile) return new HttpClient(baseURL);
    const state = JSON.parse(readFileSync(storageStateFile, 'utf8')) as { cookies?: StoredCookie[] };
    return new HttpClient(baseURL, state.cookies ?? []);
  }

  async send(request: HttpRequest): Promise<HttpAnswer> {
    const url = typeof request.url === 'string' ? new URL(request.url, this.baseURL) : request.url;
    // Only a multipart body needs the platform's (asynchronous) serialiser.
    const { body, contentType } = request.multipart ? await encodeMultipart(request.multipart) : encodeData(request.data);
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', accept: '*/*' };
    if (contentType) headers['content-type'] = contentType;
    // Cookies given with the request replace the jar's of the same name, the others are kept.
    const given = request.cookies ?? {};
    const kept = this.jar.lookup(url).filter((stored) => !(stored.key in given)).map((stored) => stored.text);
    const cookie = [...kept, ...Object.entries(given).map(([name, value]) => `${name}=${value}`)].join('; ');
    if (cookie) headers.cookie = cookie;
    Object.assign(headers, lowerCaseKeys(request.headers ?? {}));
    if (body) headers['content-length'] = String(body.length);
    let answer: Awaited<ReturnType<HttpClient['exchange']>>;
    try {
      answer = await this.exchange(url, request.method, headers, body, request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    } catch (error) {
      // A keep-alive socket the server closed while idle fails the next request sent on it
      // before the server saw it: an idempotent request is sent once more, on a new socket.
      if (!(error instanceof StaleSocketError) || !IDEMPOTENT.has(request.method.toUpperCase())) throw error instanceof StaleSocketError ? error.cause : error;
      answer = await this.exchange(url, request.method, headers, body, request.timeoutMs ?? DEFAULT_TIMEOUT_MS).catch((again: unknown) => {
        throw again instanceof StaleSocketError ? again.cause : again;
      });
    }
    // Keeps what the server set, as a browser would: a rolling session stays usable.
    for (const line of answer.setCookies) this.jar.store(line, url);
    return { status: answer.status, headers: answer.headers, body: decode(answer.body, answer.headers['content-encoding']) };
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }

  private exchange(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number) {
    const transport = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.agents['https:'] : this.agents['http:'];
    return new Promise<{ status: number; headers: Record<string, string>; setCookies: string[]; body: Buffer }>((resolve, reject) => {
      const outgoing = transport.request(url, { method, headers, agent }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          // From the raw lines: `incoming.headers` would build a second object of every header.
          const setCookies: string[] = [];
          resolve({ status: incoming.statusCode ?? 0, headers: joinHeaders(incoming.rawHeaders, setCookies), setCookies, body: Buffer.concat(chunks) });
        });
      });
      outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`${method} ${url.pathname}: no answer after ${timeoutMs} ms`)));
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const closedWhileIdle = outgoing.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up');
        reject(closedWhileIdle ? new StaleSocketError(error) : error);
      });
      outgoing.end(body);
    });
  }

}

/** A request that failed on a reused keep-alive socket the server had closed. */
class StaleSocketError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/** A cookie of a storage-state file as tough-cookie holds it: without a leading dot, host-only. */
function fromStored(cookie: StoredCookie): Cookie {
  return new Cookie({
    key: cookie.name,
    value: cookie.value,
    // Host-only (no leading dot): tough-cookie binds it to the host of the URL it is set for.
    domain: cookie.domain.startsWith('.') ? cookie.domain.slice(1) : null,
    path: cookie.path || '/',
    secure: cookie.secure ?? false,
    httpOnly: cookie.httpOnly ?? false,
    expires: cookie.expires !== undefined && cookie.expires > 0 ? new Date(cookie.expires * 1000) : 'Infinity',
  });
}

function originOf(cookie: StoredCookie): string {
  return `${cookie.secure ? 'https' : 'http'}://${cookie.domain.replace(/^\./, '')}${cookie.path || '/'}`;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** The answer's headers from its raw lines; each `set-cookie` value is also pushed to `setCookies`. */
function joinHeaders(raw: readonly string[], setCookies: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] ?? '').toLowerCase();
    const value = raw[index + 1] ?? '';
    if (name === 'set-cookie') setCookies.push(value);
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}${name === 'set-cookie' ? '\n' : ', '}${value}`;
  }
  return headers;
}

async function encodeMultipart(parts: NonNullable<HttpRequest['multipart']>): Promise<{ body: Buffer; contentType?: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value.buffer)], { type: value.mimeType }), value.name);
  }
  // The platform's own serialiser writes the boundary and each part's headers.
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? undefined };
}

function encodeData(data: HttpRequest['data']): { body?: Buffer; contentType?: string } {
  if (data === undefined) return {};
  if (Buffer.isBuffer(data)) return { body: data, contentType: 'application/octet-stream' };
  if (typeof data === 'string') return { body: Buffer.from(data) };
  return { body: Buffer.from(JSON.stringify(data)), contentType: 'application/json' };
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (body.length === 0 || !encoding) return body;
  try {
    if (/\bgzip\b/i.test(encoding)) return gunzipSync(body);
    if (/\bdeflate\b/i.test(encoding)) return inflateSync(body);
    if (/\bbr\b/i.test(encoding)) return brotliDecompressSync(body);
  } catch {
    // A body that claims an encoding it does not have is judged as received.
  }
  return body;
}
