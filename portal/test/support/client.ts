/**
 * A tiny real-HTTP client for the reference portal: Node's fetch (undici), redirects never
 * followed, one cookie jar per client, so one client is one identity (one browser, one person).
 */
export interface Reply {
  status: number;
  headers: Headers;
  /** Every Set-Cookie line of the answer, unparsed. */
  setCookies: string[];
  bytes: Buffer;
  /** The body as latin1: byte-faithful, so markers inside PDF/PNG/ZIP bytes are found too. */
  text: string;
}

export function replyJson<T>(reply: Reply): T {
  return JSON.parse(reply.bytes.toString('utf8')) as T;
}

export interface RequestOptions {
  json?: unknown;
  form?: Record<string, string>;
  multipart?: FormData;
  headers?: Record<string, string>;
  /** Send the session's CSRF token in X-CSRF-Token (JSON writes). Default: false. */
  csrf?: boolean;
}

export interface Moi {
  id: number;
  role: string;
  prenom: string;
  nom: string;
  email: string;
  mdph: string;
  csrfToken: string;
}

export class PortalClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly name = 'anonymous',
  ) {}

  get sid(): string | undefined {
    return this.cookies.get('sid');
  }

  /** A second client that holds a copy of this one's cookies (a stolen or replayed cookie). */
  cloneCookies(name = `${this.name} (replayed cookie)`): PortalClient {
    const copy = new PortalClient(this.baseUrl, name);
    for (const [key, value] of this.cookies) copy.cookies.set(key, value);
    return copy;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers = new Headers(options.headers);
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(options.form).toString();
    } else if (options.multipart) {
      body = options.multipart;
    }
    if (options.csrf) {
      if (!this.csrfToken) throw new Error(`${this.name}: no CSRF token (log in first)`);
      headers.set('x-csrf-token', this.csrfToken);
    }
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([key, value]) => `${key}=${value}`).join('; '));
    }
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual' });
    const bytes = Buffer.from(await response.arrayBuffer());
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.storeCookie(line);
    return { status: response.status, headers: response.headers, setCookies, bytes, text: bytes.toString('latin1') };
  }

  get(path: string, options?: RequestOptions): Promise<Reply> {
    return this.request('GET', path, options);
  }

  private storeCookie(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((attribute) => {
      const [rawName = '', rawValue = ''] = attribute.split('=');
      const attrName = rawName.trim().toLowerCase();
      if (attrName === 'max-age') return Number(rawValue.trim()) <= 0;
      if (attrName === 'expires') return Date.parse(rawValue.trim()) <= Date.now();
      return false;
    });
    if (expired || value === '') this.cookies.delete(key);
    else this.cookies.set(key, value);
  }

  /**
   * Logs in through the JSON API; a failed login is a hard failure. Returns the user named by the
   * login answer itself (not by /api/v2/moi, which a flawed shared cache may serve from someone
   * else), then reads the session's CSRF token.
   */
  async login(email: string, password: string): Promise<{ email: string }> {
    const reply = await this.request('POST', '/api/v2/session', { json: { email, password } });
    if (reply.status !== 200) throw new Error(`${this.name}: login as ${email} answered ${reply.status}: ${reply.text.slice(0, 200)}`);
    const { user } = replyJson<{ user: { email: string } }>(reply);
    await this.refreshMoi();
    return user;
  }

  async refreshMoi(): Promise<Moi> {
    const reply = await this.get('/api/v2/moi');
    if (reply.status !== 200) throw new Error(`${this.name}: GET /api/v2/moi answered ${reply.status}`);
    const moi = replyJson<Moi>(reply);
    this.csrfToken = moi.csrfToken;
    return moi;
  }

  logout(): Promise<Reply> {
    return this.request('DELETE', '/api/v2/session', { csrf: true });
  }

  /** Multipart upload through the JSON API (X-CSRF-Token sent unless told otherwise). */
  upload(dossierId: number, file: UploadFile, extraFields: Record<string, string> = {}, csrf = true): Promise<Reply> {
    return this.request('POST', `/api/v2/dossiers/${dossierId}/pieces`, { multipart: uploadForm(file, extraFields), csrf });
  }
}

export interface UploadFile {
  type: string;
  titre: string;
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

/** Text fields first, file last: multipart parsers read fields in order. */
export function uploadForm(file: UploadFile, extraFields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(extraFields)) form.append(key, value);
  form.append('type', file.type);
  form.append('titre', file.titre);
  form.append('fichier', new Blob([Buffer.from(file.bytes)], { type: file.mime }), file.fileName);
  return form;
}

/** The attribute names of a Set-Cookie line, lower-cased (`httponly`, `samesite`...). */
export function cookieAttributes(line: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of line.split(';').slice(1)) {
    const [rawName = '', ...rest] = part.split('=');
    attributes.set(rawName.trim().toLowerCase(), rest.join('=').trim());
  }
  return attributes;
}

export function sidCookieLine(reply: Reply): string | undefined {
  return reply.setCookies.find((line) => line.trim().startsWith('sid='));
}
