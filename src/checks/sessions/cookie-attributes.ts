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

/** Reads one Set-Cookie header value (RFC 6265 §5.2: attribute names are case-insensitive). */
export function parseSetCookie(header: string, now = Date.now()): SetCookie | undefined {
  const [pair, ...attributes] = header.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (pair === undefined || eq <= 0) return undefined;
  const cookie: SetCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), httpOnly: false, secure: false, sameSite: undefined, expires: false };
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const name = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : attribute.slice(at + 1).trim();
    if (name === 'httponly') cookie.httpOnly = true;
    else if (name === 'secure') cookie.secure = true;
    else if (name === 'samesite') cookie.sameSite = value.toLowerCase();
    else if (name === 'max-age' && /^-?\d+$/.test(value) && Number(value) <= 0) cookie.expires = true;
    else if (name === 'expires' && Date.parse(value) < now) cookie.expires = true;
  }
  return cookie;
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
