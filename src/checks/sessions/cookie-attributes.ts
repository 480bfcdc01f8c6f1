import { Cookie } from 'tough-cookie';

/** A Set-Cookie header, read: the name and the attributes that decide who can use the cookie. */
export interface SetCookie {
  name: string;
  /** Empty when the header deletes the cookie. */
  value: string;
  httpOnly: boolean;
  secure: boolean;
  /** As written (`Lax`, `Strict`, `None`), lower-cased; undefined when absent. */
  sameSite: string | undefined;
  /** True when the header removes the cookie (Max-Age ≤ 0 or an Expires in the past). */
  expires: boolean;
}

/** An answer's Set-Cookie lines, one a cookie: joined, they would split at an Expires date's comma. */
export function setCookieLines(headers: readonly { name: string; value: string }[]): string[] {
  return headers.filter((header) => header.name.toLowerCase() === 'set-cookie').map((header) => header.value);
}

/**
 * Reads one Set-Cookie header value with tough-cookie, the parser of the API channel's cookie jar
 * too (transport/http-client.ts): what the check judges is what the jar keeps.
 */
export function parseSetCookie(header: string, now = Date.now()): SetCookie | undefined {
  const parsed = Cookie.parse(header);
  if (!parsed?.key) return undefined;
  const sameSite = typeof parsed.sameSite === 'string' && parsed.sameSite !== '' ? parsed.sameSite.toLowerCase() : undefined;
  return { name: parsed.key, value: parsed.value, httpOnly: parsed.httpOnly, secure: parsed.secure, sameSite, expires: parsed.TTL(now) <= 0 };
}

/** One missing protection of a session cookie, with what it lets an attacker do. */
export interface CookieProblem {
  attribute: 'HttpOnly' | 'SameSite' | 'Secure';
  detail: string;
  cwe: string;
}

/**
 * What a session cookie lacks. HttpOnly keeps it from scripts (an XSS reads `document.cookie`);
 * SameSite Lax or Strict keeps cross-site requests from carrying it (absent, several browsers still
 * send it everywhere; `None` does so on purpose); Secure keeps it off plain HTTP once the site is
 * served over HTTPS.
 */
export function sessionCookieProblems(cookie: SetCookie, overHttps: boolean): CookieProblem[] {
  const problems: CookieProblem[] = [];
  if (!cookie.httpOnly) problems.push({ attribute: 'HttpOnly', detail: `cookie ${cookie.name} is readable by scripts (no HttpOnly)`, cwe: 'CWE-1004' });
  if (cookie.sameSite !== 'lax' && cookie.sameSite !== 'strict') {
    const how = cookie.sameSite === undefined ? 'no SameSite attribute' : `SameSite=${cookie.sameSite}`;
    problems.push({ attribute: 'SameSite', detail: `cookie ${cookie.name} goes with cross-site requests (${how})`, cwe: 'CWE-1275' });
  }
  if (overHttps && !cookie.secure) problems.push({ attribute: 'Secure', detail: `cookie ${cookie.name} may travel over plain HTTP (no Secure)`, cwe: 'CWE-614' });
  return problems;
}
