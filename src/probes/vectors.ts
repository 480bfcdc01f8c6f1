import type { RouteSpec } from '../profile/types';
import { fill, placeholdersOf, type Bindings } from '../util/template';

/** One way of asking for an object: the variants real access checks forget. */
export interface Vector {
  name: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  /**
   * True when any 2xx is wrong (the request aims at the victim's object); false when the request
   * aims at the requester's own object and only foreign content would betray a leak.
   */
  expectDenied: boolean;
}

const FILE_BINDINGS = new Set(['storedName', 'fileName']);
const isInteger = (value: unknown): boolean => /^\d+$/.test(String(value));

/** Vectors aimed at one victim object through one route, as one requester (who may own objects). */
export function objectVectors(route: RouteSpec, victim: Bindings, own: Bindings | undefined, idBinding: string): Vector[] {
  const url = fill(route.path, victim, encodeURIComponent);
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
      { name: 'id-leading-zero', method: 'GET', url: fill(route.path, { ...victim, [name]: `0${value}` }, encodeURIComponent), expectDenied: true },
      { name: 'id-percent-encoded', method: 'GET', url: fill(route.path, { ...victim, [name]: percentAll(String(value)) }), expectDenied: true },
      { name: 'id-double-slash', method: 'GET', url: fill(route.path.replace(`/{${name}}`, `//{${name}}`), victim, encodeURIComponent), expectDenied: true },
    );
  }
  if (own) {
    const ownUrl = tryFill(route.path, own);
    const victimId = victim[idBinding];
    if (ownUrl && victimId !== undefined) {
      vectors.push({ name: 'param-pollution', method: 'GET', url: withQuery(ownUrl, idBinding, String(victimId)), expectDenied: false });
    }
    vectors.push(...traversalVectors(route, victim, own));
  }
  return vectors;
}

/**
 * Path traversal through a file-name parameter: keep the requester's own scope (the dossier it
 * owns) and climb from it to the victim's file, as in the 2018 national teleservice beta.
 */
function traversalVectors(route: RouteSpec, victim: Bindings, own: Bindings): Vector[] {
  const names = placeholdersOf(route.path);
  const last = names.at(-1);
  if (names.length < 2 || last === undefined || !FILE_BINDINGS.has(last)) return [];
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

export function withQuery(url: string, name: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

function tryFill(template: string, bindings: Bindings): string | undefined {
  try {
    return fill(template, bindings, encodeURIComponent);
  } catch {
    return undefined;
  }
}

function percentAll(value: string): string {
  return [...value].map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
