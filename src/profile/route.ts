import { fill, fillJson, type Bindings } from '../util/template';
import type { Profile, RequestTemplate, RouteSpec } from './types';

/** The binding that holds the object a route addresses: the route's own `id`, else the kind's id. */
export function routeIdBinding(profile: Pick<Profile, 'ids'>, route: RouteSpec): string {
  if (route.id) return route.id;
  return route.object === 'self' ? profile.ids.usager : profile.ids[route.object];
}

/** What the vectors need to know of a route's bindings, from the profile. */
export function routeBindings(profile: Pick<Profile, 'ids' | 'bindings'>, route: RouteSpec): { id: string; files: readonly string[] } {
  return { id: routeIdBinding(profile, route), files: profile.bindings?.files ?? [] };
}

/** One filled request of a route: what an identity sends, whatever the route's method and body. */
export interface RouteCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  data?: string | Record<string, unknown>;
}

type Fields = Pick<RequestTemplate, 'path' | 'query'>;

/** Path and query of a request, filled: path values through `encode`, query values URL-encoded. */
export function routeUrl(route: Fields, bindings: Bindings, encode: (value: string) => string = encodeURIComponent): string {
  const path = fill(route.path, bindings, encode);
  const entries = Object.entries(route.query ?? {});
  if (entries.length === 0) return path;
  const query = new URLSearchParams(entries.map(([name, value]) => [name, fill(value, bindings)])).toString();
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

/** The whole request of a route (any method, headers, JSON or form body) for one object's bindings. */
export function routeCall(route: Omit<RequestTemplate, 'multipart' | 'capture' | 'expectStatus'>, bindings: Bindings): RouteCall {
  const call: RouteCall = { method: route.method, url: routeUrl(route, bindings) };
  const headers = Object.fromEntries(Object.entries(route.headers ?? {}).map(([name, value]) => [name, fill(value, bindings)]));
  if (route.json !== undefined) {
    call.data = JSON.stringify(fillJson(route.json, bindings));
    headers['content-type'] ??= 'application/json';
  } else if (route.form) {
    call.data = new URLSearchParams(Object.entries(route.form).map(([name, value]) => [name, fill(value, bindings)])).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  if (Object.keys(headers).length > 0) call.headers = headers;
  return call;
}

/** The whoami request as a route about the caller, for the checks that probe it like any other. */
export function whoamiRoute(profile: Pick<Profile, 'auth'>, action: RouteSpec['action'] = 'view'): RouteSpec {
  const { proves: _proves, capture: _capture, expectStatus: _expect, multipart: _multipart, ...request } = profile.auth.whoami;
  return { name: 'whoami', action, channel: 'api', object: 'self', ...request, method: request.method ?? 'GET' };
}
