import { idKindOf } from '../discovery/ids';
import { idName, templateKey, type Endpoint, type Param } from './endpoints';
import { answerOf, bodyOf } from './har-bodies';
import { CSRF, type HarHints, type Shape } from './har-format';
import type { RecordedSignIn } from './har-sign-in';
import { STRONG_IDS, type PathTemplate } from './har-templates';
import { readOnlyHint } from './read-only-hint';

/** Headers the browser sets by itself, and credentials: not parameters a page chose. */
const BROWSER_HEADERS = /^(accept|accept-language|accept-encoding|user-agent|referer|origin|content-type|content-length|host|connection|upgrade-insecure-requests|cache-control|pragma|range|if-none-match|if-modified-since|priority|cookie|authorization|sec-.*|:.*)$/i;

export type TemplatedShape = Shape & PathTemplate;

/** The recorded requests as endpoints, one per route template, with who may call them. */
export function recordedEndpoints(templated: readonly TemplatedShape[], signIn: RecordedSignIn, hints: HarHints): Endpoint[] {
  const { loginIndex, session } = signIn;
  const endpoints = new Map<string, Endpoint>();
  const seenQuery = new Map<string, Map<string, number>>();
  const count = new Map<string, number>();
  for (const { entry, index, url, path, params: pathParamsFound } of templated) {
    const method = entry.request.method.toUpperCase();
    // One route whatever its placeholders were named from (two values of one place may have been named apart).
    const key = templateKey(method, path);
    count.set(key, (count.get(key) ?? 0) + 1);
    const queries = seenQuery.get(key) ?? new Map<string, number>();
    for (const name of new Set(url.searchParams.keys())) queries.set(name, (queries.get(name) ?? 0) + 1);
    seenQuery.set(key, queries);
    const params: Param[] = [
      ...pathParamsFound,
      ...[...url.searchParams.entries()].map(([name, value]) => ({ name, in: 'query' as const, required: true, idLike: idName(name) || ['uuid', 'hex', 'base64', 'reference'].includes(idKindOf(value) ?? '') })),
      ...entry.request.headers.filter((h) => !BROWSER_HEADERS.test(h.name)).map((h) => ({ name: h.name, in: 'header' as const, required: CSRF.test(h.name), idLike: idName(h.name) || STRONG_IDS.has(idKindOf(h.value) ?? '') })),
    ];
    const previous = endpoints.get(key);
    const answer = answerOf(entry);
    const body = bodyOf(entry, hints);
    // Read-only only when every request of the route says so (one GraphQL endpoint may also mutate).
    const hint = readOnlyHint({ method, path, body: entry.request.postData });
    const readOnly = previous ? (previous.readOnly !== undefined ? hint && previous.readOnly : undefined) : hint;
    endpoints.set(key, {
      method,
      path: previous?.path ?? path,
      params: previous ? mergeParams(previous.params, previous.path === path ? params : params.filter((param) => param.in !== 'path')) : params,
      ...((body ?? previous?.body) ? { body: body ?? previous?.body } : {}),
      ...((answer ?? previous?.answer) ? { answer: previous?.answer?.kind && previous.answer.status < 300 ? previous.answer : answer } : {}),
      // A page of a bearer portal carries no credential: its script does. After the login it is personal.
      ...(readOnly !== undefined ? { readOnly } : {}),
      access: index !== loginIndex && (signIn.carriesSession(entry) || (session?.type === 'bearer' && index > loginIndex && answer?.kind === 'html')) ? 'session' : previous?.access === 'session' ? 'session' : 'public',
    });
  }
  // A query parameter some requests of a route left out is optional.
  for (const [key, endpoint] of endpoints) {
    const queries = seenQuery.get(key);
    for (const param of endpoint.params) if (param.in === 'query' && (queries?.get(param.name) ?? 0) < (count.get(key) ?? 0)) param.required = false;
  }
  return [...endpoints.values()];
}

function mergeParams(a: Param[], b: Param[]): Param[] {
  const byKey = new Map(a.map((param) => [`${param.in} ${param.name}`, param]));
  for (const param of b) {
    const known = byKey.get(`${param.in} ${param.name}`);
    byKey.set(`${param.in} ${param.name}`, known ? { ...known, idLike: known.idLike || param.idLike } : param);
  }
  return [...byKey.values()];
}
