import { type Cookie, CookieJar, pathMatch } from 'tough-cookie';

/** A cookie as the Cookie header sends it: its name (a request's own cookies replace it) and `name=value`. */
export interface SentCookie {
  key: string;
  text: string;
}

interface Remembered {
  cookies: readonly SentCookie[];
  /** When the first of them expires (ms since the epoch). */
  until: number;
}

/**
 * One identity's cookie jar (tough-cookie: RFC 6265 path and domain matching, default path,
 * expiry, as a browser) and what it sends. Every probe asks for its cookies, and the jar's lookup
 * checks every cookie's domain, path and expiry each time: the costliest step of the probe path
 * after the socket. What the jar sends to a URL depends only on its origin, on which of the jar's
 * cookie paths the URL's path falls under, and on the time; so the answer is remembered by origin
 * and matched paths, forgotten when the jar changes and when its first cookie expires.
 */
export class CookieHeaders {
  private readonly jar = new CookieJar(undefined, { looseMode: true, allowSpecialUseDomain: true, rejectPublicSuffixes: false });
  /** Every path a cookie of the jar was stored with (a path no cookie holds any more only splits the memo finer). */
  private readonly paths = new Set<string>();
  private readonly remembered = new Map<string, Remembered>();

  /** Stores a cookie (a Set-Cookie line or a Cookie) as set by an answer from `url`; one the jar refuses is ignored, as a browser does. */
  store(cookie: Cookie | string, url: URL | string): void {
    const stored = this.jar.setCookieSync(cookie, url, { ignoreError: true });
    if (!stored) return;
    this.paths.add(stored.path ?? '/');
    this.remembered.clear();
  }

  /** The cookies the jar sends to `url`, in the jar's order. */
  lookup(url: URL): readonly SentCookie[] {
    const scope = [...this.paths].filter((path) => pathMatch(url.pathname, path));
    const key = `${url.protocol}//${url.host} ${scope.join(' ')}`;
    const now = Date.now();
    const hit = this.remembered.get(key);
    if (hit && now < hit.until) return hit.cookies;
    // The URL itself, not its string: tough-cookie would parse the string into the same URL again.
    const found = this.jar.getCookiesSync(url);
    const cookies = found.map((cookie) => ({ key: cookie.key, text: cookie.cookieString() }));
    this.remembered.set(key, { cookies, until: Math.min(...found.map((cookie) => cookie.expiryTime() ?? Number.POSITIVE_INFINITY)) });
    return cookies;
  }
}
