/**
 * Where a request carries its sender's own identifiers, and the same request with one of them
 * swapped for someone else's. A portal that checks the id in the path but trusts the one in the
 * query, a header, a cookie of its own or the body lets the swapped request through: each position
 * is tried alone.
 */
import { decodeOrKeep, parseJsonOrUndefined } from '../util/lenient';

/** A request as a person's browser (or the profile) made it, for that person's own things. */
export interface OwnRequest {
  method: string;
  /** Path and query, same origin. */
  url: string;
  headers?: Record<string, string>;
  /** Cookies the portal set beside the session (never the session's own), sent with the request. */
  cookies?: Record<string, string>;
  body?: string;
  contentType?: string;
}

export type PositionLocation = 'path' | 'query' | 'header' | 'cookie' | 'json' | 'form';

/** One place of a request that holds one of the sender's identifiers. */
export interface Position {
  location: PositionLocation;
  /** Path segment index, query or form parameter name, header or cookie name, or JSON pointer. */
  at: string;
  /** The binding whose value sits there (`dossierId`). */
  binding: string;
}

/** How coverage and findings name a position: `query:usagerId`, `header:x-usager-id`, `path:3`. */
export const positionName = (position: Position): string => `${position.location}:${position.at}`;

/** Own identifier value → the bindings it is (`"42"` → `dossierId`; small ids may be several at once). */
export type OwnValues = ReadonlyMap<string, readonly string[]>;

/** Every position of the request whose whole value is one of the sender's identifiers. */
export function positionsOf(request: OwnRequest, own: OwnValues): Position[] {
  const positions: Position[] = [];
  const add = (location: PositionLocation, at: string, value: string): void => {
    for (const binding of own.get(value) ?? []) positions.push({ location, at, binding });
  };
  const url = new URL(request.url, 'http://origin.invalid');
  url.pathname.split('/').forEach((segment, index) => {
    if (segment !== '') add('path', String(index), decodeOrKeep(segment));
  });
  for (const [name, value] of url.searchParams) add('query', name, value);
  for (const [name, value] of Object.entries(request.headers ?? {})) add('header', name.toLowerCase(), value);
  for (const [name, value] of Object.entries(request.cookies ?? {})) add('cookie', name, decodeOrKeep(value));
  if (request.body !== undefined && /json/i.test(request.contentType ?? '')) {
    const parsed = parseJsonOrUndefined(request.body);
    if (parsed !== undefined) walkJson(parsed, '', (pointer, value) => add('json', pointer, value));
  } else if (request.body !== undefined && /x-www-form-urlencoded/i.test(request.contentType ?? '')) {
    for (const [name, value] of new URLSearchParams(request.body)) add('form', name, value);
  }
  return positions;
}

/** The request with `value` at one position and everything else as it was. */
export function substitute(request: OwnRequest, position: Position, value: string): OwnRequest {
  const url = new URL(request.url, 'http://origin.invalid');
  switch (position.location) {
    case 'path': {
      const segments = url.pathname.split('/');
      segments[Number(position.at)] = encodeURIComponent(value);
      url.pathname = segments.join('/');
      return { ...request, url: url.pathname + url.search };
    }
    case 'query':
      url.searchParams.set(position.at, value);
      return { ...request, url: url.pathname + url.search };
    case 'header':
      return { ...request, headers: { ...request.headers, [position.at]: value } };
    case 'cookie':
      return { ...request, cookies: { ...request.cookies, [position.at]: encodeURIComponent(value) } };
    case 'form': {
      const form = new URLSearchParams(request.body);
      form.set(position.at, value);
      return { ...request, body: form.toString() };
    }
    case 'json': {
      const parsed = parseJsonOrUndefined(request.body ?? '');
      return { ...request, body: JSON.stringify(setPointer(parsed, position.at, value)) };
    }
  }
}

function walkJson(value: unknown, pointer: string, visit: (pointer: string, value: string) => void): void {
  if (typeof value === 'string' || typeof value === 'number') visit(pointer, String(value));
  else if (Array.isArray(value)) value.forEach((item, index) => walkJson(item, `${pointer}/${index}`, visit));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walkJson(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit);
  }
}

/** Sets the value at a JSON pointer, keeping a number a number when the new value is one. */
function setPointer(document: unknown, pointer: string, value: string): unknown {
  const keys = pointer.split('/').slice(1).map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  const copy = structuredClone(document) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys.at(-1) ?? '';
  node[last] = typeof node[last] === 'number' && /^-?\d+$/.test(value) ? Number(value) : value;
  return copy;
}


