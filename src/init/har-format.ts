/** The parts of a HAR 1.2 file init reads. */
export interface HarEntry {
  startedDateTime?: string;
  request: { method: string; url: string; headers: { name: string; value: string }[]; postData?: { mimeType?: string; text?: string; params?: { name: string; value?: string; fileName?: string }[] } };
  response: { status: number; headers: { name: string; value: string }[]; content?: { mimeType?: string; text?: string; encoding?: string } };
}
export interface Har {
  log: { entries: HarEntry[] };
}

/** What a recording knows beyond its requests. */
export interface HarHints {
  origin?: string;
  /** The identity that signed in: its password finds the login, its e-mail the whoami. */
  user?: string;
  password?: string;
  /** Web storage after the login, to find where the page keeps a token. */
  storage?: { area: 'localStorage' | 'sessionStorage'; key: string; value: string }[];
  /** Index of the first entry after the sign-out was asked for. */
  logoutFrom?: number;
}

/** An entry and its place in the recording. */
export interface Indexed {
  entry: HarEntry;
  index: number;
}

/** An entry with its URL parsed and its path cut at the slashes. */
export interface Shape extends Indexed {
  url: URL;
  segments: string[];
}

export const CSRF = /csrf|xsrf/i;

export function header(headers: { name: string; value: string }[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

/** The dotted path at which a JSON value holds `wanted` (`accessToken`, `user.token`). */
export function pathOf(value: unknown, wanted: string, prefix = ''): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return String(value) === wanted ? prefix : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = pathOf(item, wanted, prefix ? `${prefix}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
