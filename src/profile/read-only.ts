import type { Profile } from './types';

const SAFE = new Set(['GET', 'HEAD']);

/** What a replay needs to know of a request to tell whether it only reads. */
export interface RequestLine {
  method: string;
  /** Path and query (or a whole URL). */
  url: string;
}

/**
 * Whether a request only reads, on the profile's word, and where the profile says so: GET and
 * HEAD always (`"GET"`); another method only when `readOnly` or a declared route (routes are
 * reads: the object checks send them as anyone) names its method and path (`"readOnly[0]"`,
 * `"routes[4]"`). Undefined otherwise: a POST nobody vouched for may create, send or delete, so
 * it is never replayed as someone else (the write checks own it).
 */
export function readOnlyDeclaration(profile: Pick<Profile, 'routes' | 'readOnly'>, request: RequestLine): string | undefined {
  const method = request.method.toUpperCase();
  if (SAFE.has(method)) return method;
  const path = new URL(request.url, 'http://origin.invalid').pathname;
  const declared = [
    ...(profile.readOnly ?? []).map((entry, index) => ({ entry, field: `readOnly[${index}]` })),
    ...profile.routes.map((entry, index) => ({ entry, field: `routes[${index}]` })),
  ];
  return declared.find(({ entry }) => entry.method.toUpperCase() === method && pathPattern(entry.path).test(path))?.field;
}

/** `/v3/cases/{caseRef}/search?x=1` → a pattern of its path where each placeholder is one segment. */
function pathPattern(template: string): RegExp {
  const path = (template.split('?')[0] ?? '').replace(/\/+$/, '');
  const source = path
    .split(/(\{[^}]*\})/)
    .map((part) => (/^\{[^}]*\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}
