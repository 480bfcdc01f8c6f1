import { randomUUID } from 'node:crypto';
import { routeCall, routeUrl } from '../profile/route';
import type { RouteSpec } from '../profile/types';
import { fill, placeholdersOf, type Bindings } from '../util/template';

/** One way of asking for an object: the variants real access checks forget. */
export interface Vector {
  name: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  data?: string | Record<string, unknown>;
  /**
   * True when any 2xx is wrong (the request aims at the victim's object); false when the request
   * aims at the requester's own object and only foreign content would betray a leak.
   */
  expectDenied: boolean;
}

/** What the profile says of a route's bindings: which one is the object's id, which are file names. */
export interface RouteBindings {
  id: string;
  files: readonly string[];
}

const isInteger = (value: unknown): boolean => /^\d+$/.test(String(value));

/** Vectors aimed at one victim object through one route, as one requester (who may own objects). */
export function objectVectors(route: RouteSpec, victim: Bindings, own: Bindings | undefined, bindings: RouteBindings): Vector[] {
  const idBinding = bindings.id;
  const direct = routeCall(route, victim);
  // A read-only POST (a search by case reference): its own method and body are the request; the
  // method and path variants below are those of a GET.
  if (direct.method !== 'GET') return [{ name: 'direct-id', ...direct, expectDenied: true }];
  const url = direct.url;
  const vectors: Vector[] = [
    { name: 'direct-id', method: 'GET', url, expectDenied: true },
    { name: 'method-head', method: 'HEAD', url, expectDenied: true },
    {
      name: 'method-override-header',
      method: 'POST',
      url,
      headers: { 'X-HTTP-Method-Override': 'GET', 'X-HTTP-Method': 'GET', 'X-Method-Override': 'GET' },
      expectDenied: true,
    },
    { name: 'method-override-param', method: 'POST', url: withQuery(url, '_method', 'GET'), expectDenied: true },
    { name: 'trailing-slash', method: 'GET', url: `${url}/`, expectDenied: true },
  ];
  for (const name of placeholdersOf(route.path)) {
    const value = victim[name];
    if (!isInteger(value)) continue;
    vectors.push(
      { name: 'id-leading-zero', method: 'GET', url: routeUrl(route, { ...victim, [name]: `0${value}` }), expectDenied: true },
      { name: 'id-percent-encoded', method: 'GET', url: routeUrl(route, { ...victim, [name]: percentAll(String(value)) }, (raw) => raw), expectDenied: true },
      { name: 'id-double-slash', method: 'GET', url: routeUrl({ ...route, path: route.path.replace(`/{${name}}`, `//{${name}}`) }, victim), expectDenied: true },
    );
  }
  if (own) {
    const ownUrl = tryUrl(route, own);
    const victimId = victim[idBinding];
    if (ownUrl && victimId !== undefined) {
      vectors.push({ name: 'param-pollution', method: 'GET', url: withQuery(ownUrl, idBinding, String(victimId)), expectDenied: false });
    }
    vectors.push(...traversalVectors(route, victim, own, bindings.files));
  }
  return vectors;
}

/**
 * Path traversal through a file-name parameter: keep the requester's own scope (the dossier it
 * owns) and climb from it to the victim's file, as in the 2018 national teleservice beta.
 */
function traversalVectors(route: RouteSpec, victim: Bindings, own: Bindings, files: readonly string[]): Vector[] {
  const names = placeholdersOf(route.path);
  const last = names.at(-1);
  if (names.length < 2 || last === undefined || !files.includes(last)) return [];
  const scope = names.slice(0, -1);
  if (scope.some((name) => own[name] === undefined || victim[name] === undefined)) return [];
  const climb = `${'../'.repeat(scope.length)}${scope.map((name) => String(victim[name])).join('/')}/${String(victim[last])}`;
  const base = route.path.replace(`{${last}}`, '');
  const prefix = fill(base, own, encodeURIComponent);
  return [
    { name: 'path-traversal', method: 'GET', url: `${prefix}${encodeURIComponent(climb)}`, expectDenied: true },
    { name: 'path-traversal-double-encoded', method: 'GET', url: `${prefix}${encodeURIComponent(encodeURIComponent(climb))}`, expectDenied: true },
  ];
}

/** Integer ids next to the requester's own: "change a digit, get another person's certificate". */
export function neighbourIds(ownIds: readonly number[], knownIds: ReadonlySet<number>): number[] {
  const candidates = new Set<number>();
  for (const id of ownIds) for (const delta of [-2, -1, 1, 2]) if (id + delta > 0) candidates.add(id + delta);
  const highest = Math.max(0, ...knownIds);
  candidates.add(highest + 1);
  for (const id of ownIds) candidates.delete(id);
  return [...candidates].sort((a, b) => a - b);
}

/**
 * The URL with a query parameter no cache has seen: a cache keyed on the URL alone (a
 * misconfigured proxy) then lets the portal itself answer this session.
 */
export function uncached(url: string): string {
  return withQuery(url, 'cloison-nonce', randomUUID());
}

export function withQuery(url: string, name: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

function tryUrl(route: RouteSpec, bindings: Bindings): string | undefined {
  try {
    return routeUrl(route, bindings);
  } catch {
    return undefined;
  }
}

function percentAll(value: string): string {
  return [...value].map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
