import { expect, test } from '@playwright/test';
import { isSuccess } from '../checks/controls';
import { probeContext } from '../checks/probe-context';
import { readOnlyDeclaration } from '../profile/read-only';
import type { RouteSpec } from '../profile/types';
import type { RunContext } from '../run/context';
import type { Exchange, ExchangeSink, ProbeContext } from '../session/exchange';
import type { Identity } from '../session/identity';
import type { IdentityPool } from '../session/pool';
import { crawl, type CrawlBounds } from '../discovery/crawl';
import { actionOf } from '../discovery/replay';
import { fill, placeholdersOf } from '../util/template';
import type { AttackCoverage } from './coverage';
import { ownValues, victimsOf, victimValue } from './identifiers';
import { positionName, positionsOf, substitute, type OwnRequest, type OwnValues, type Position } from './positions';
import { decodeOrKeep } from '../util/lenient';
import { runtimeKeeps } from '../checks/run-plan';
import type { PlannedProbe } from '../probes/probe-order';

export interface AttackCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: ExchangeSink;
  coverage: AttackCoverage;
}

/** A request of the requester's own, named for coverage and findings. */
interface Candidate {
  request: OwnRequest;
  template: string;
  positions: Position[];
}

/** Smaller than discovery's crawl: only requests that carry the crawler's ids matter here. */
const CRAWL_BOUNDS: CrawlBounds = { maxDepth: 2, maxPages: 12, maxPerRoute: 1, maxFetches: 30 };

/**
 * Identity substitution on what the requester's own browser requests: every place of a request
 * that holds one of its own identifiers (path, query, a header the page set, a JSON or form body)
 * gets, alone, the value of a usager it may not read. The portal must answer with nothing of that
 * usager's (the oracle judges every answer): a scope taken from the query, a delegation header
 * honoured for anyone or an id in a body trusted over the session each show up here.
 */
export async function verifySubstitutionsOf(check: AttackCheck, requesterKey: string): Promise<void> {
  const { run, pool, coverage } = check;
  const requester = await pool.get(requesterKey);
  const origin = new URL(run.target.baseURL).origin;
  const start = run.profile.startPages ?? [];
  if (start.length === 0) {
    test.info().annotations.push({ type: 'not-applicable', description: `profile ${run.profile.name} declares no startPages: there is no request of ${requesterKey}'s to substitute in` });
    return;
  }
  const own = ownValues(run, requesterKey);
  const context = probeContext(run, { check: 'substitution/crawl', routeTemplate: start.join(', '), vector: 'crawl', channel: 'ui' });
  const crawled = await test.step(`crawl the portal as ${requesterKey}`, () => crawl(requester, start, origin, context, (url) => templateOf({ method: 'GET', url }, positionsOf({ method: 'GET', url }, own)), CRAWL_BOUNDS));

  const cookies = await ownCookies(requester, origin, run.profile.auth.session, own);

  const candidates = new Map<string, Candidate>();
  for (const recorded of crawled.requests) {
    const request: OwnRequest = { method: recorded.method, url: recorded.url, headers: recorded.headers, cookies: cookiesFor(cookies, recorded.url), body: recorded.body, contentType: recorded.contentType };
    const positions = positionsOf(request, own);
    const template = templateOf(request, positions);
    if (candidates.has(template)) continue;
    if (positions.length === 0) {
      coverage.nothingToTry(template, `carries none of ${requesterKey}'s identifiers`);
      continue;
    }
    // Only what the profile vouches for is replayed: GET, HEAD, and requests it declares read-only
    // (a search or a summary sent as POST); anything else may write and is the write checks' own.
    const declaration = readOnlyDeclaration(run.profile, recorded);
    if (declaration === undefined) {
      coverage.nothingToTry(template, `${recorded.method}: may write (the profile declares it neither in readOnly nor in routes); substituted by the write checks, never replayed here`);
      continue;
    }
    if (!recorded.sent) {
      coverage.nothingToTry(template, `${recorded.method}: read-only (${declaration}), but only seen as a form the crawler did not submit: its body is unknown`);
      continue;
    }
    candidates.set(template, { request, template, positions });
  }
  if (candidates.size === 0) {
    test.info().annotations.push({ type: 'not-applicable', description: `no request ${requesterKey}'s browser made carries one of its identifiers (${crawled.requests.length} requests recorded)` });
    return;
  }

  let proven = 0;
  for (const candidate of candidates.values()) {
    await test.step(`${candidate.template}: each of its ${candidate.positions.length} identifier position(s) swapped`, async () => {
      if (await substituteEachPosition(check, 'substitution', requester, requesterKey, candidate, own)) proven++;
    });
  }
  expect(proven, `positive control failed: none of ${requesterKey}'s own requests that carry its identifiers (${[...candidates.keys()].join(', ')}) answered it with its own data`).toBeGreaterThan(0);
}

/**
 * Mixed ownership in a declared route with several ids (`/dossiers/{dossierId}/fichiers/{storedName}`):
 * one's own parent with the victim's child, and the victim's parent with one's own child.
 */
export async function verifyNestedRoute(check: AttackCheck, route: RouteSpec, requesterKey: string): Promise<void> {
  const { run, pool } = check;
  const kind = route.object;
  if (kind === 'self') return;
  const object = run.objectsOf(requesterKey, kind)[0] ?? run.reachableObject(requesterKey, kind);
  if (!object) {
    check.coverage.nothingToTry(route.path, `${requesterKey} reaches no ${kind}`);
    return;
  }
  const requester = await pool.get(requesterKey);
  const url = fill(route.path, object.bindings, encodeURIComponent);
  const segments = (route.path.split('?')[0] ?? '').split('/');
  const positions: Position[] = placeholdersOf(route.path)
    .map((name) => ({ location: 'path' as const, at: String(segments.indexOf(`{${name}}`)), binding: name }))
    .filter((position) => position.at !== '-1');
  const own: OwnValues = new Map(positions.map((position) => [String(object.bindings[position.binding]), [position.binding]]));
  const candidate: Candidate = { request: { method: 'GET', url }, template: `GET ${route.path}`, positions };
  const proven = await substituteEachPosition(check, 'nesting', requester, requesterKey, candidate, own, route.action);
  expect(proven, `positive control failed: ${requesterKey} does not reach its own ${object.key} through GET ${route.path}: a refusal of mixed ids would prove nothing`).toBe(true);
}

/**
 * The request as its sender made it (positive control), then once per forbidden victim and per
 * position with the victim's value there. True when the sender got its own data back.
 */
async function substituteEachPosition(check: AttackCheck, family: string, requester: Identity, requesterKey: string, candidate: Candidate, own: OwnValues, declaredAction?: string): Promise<boolean> {
  const { run, coverage } = check;
  const { request, template } = candidate;
  const base = probeContext(run, { check: `${family}/positive-control`, routeTemplate: template, vector: 'positive-control', channel: 'api' });
  const baseline = await send(requester, base, request);
  const proven = isSuccess(baseline.status) && baseline.evidence.some((evidence) => evidence.ownerKey === requesterKey || requester.mayReceive(evidence.ownerKey ?? ''));
  if (!isSuccess(baseline.status)) {
    coverage.nothingToTry(template, `${baseline.status} to ${requesterKey}, its own sender: nothing to substitute into`);
    return false;
  }
  const action = declaredAction ?? actionOf(baseline);
  const ownOf = new Map([...own.entries()].flatMap(([value, bindings]) => bindings.map((binding) => [binding, value] as const)));
  const swaps: { victimKey: string; position: Position; value: string; planned: PlannedProbe }[] = [];
  for (const victimKey of victimsOf(run, requesterKey)) {
    // A small id may be several bindings at once (usager 3, dossier 3): each reading is tried once.
    const sent = new Set<string>();
    for (const position of candidate.positions) {
      const value = victimValue(run, victimKey, position.binding);
      const key = `${positionName(position)}=${value ?? ''}`;
      if (value === undefined || value === ownOf.get(position.binding) || sent.has(key)) continue;
      sent.add(key);
      const vector = `swap ${positionName(position)}`;
      // Under a probe budget each position of each request is a unit of its own, swapped once, to
      // the nearest forbidden class's value; the other victims are counted as skipped.
      const planned: PlannedProbe = { key: `${family}|${template}|${requesterKey}|${victimKey}|${key}`, family, route: template, action, relationship: run.policy.relationship(requesterKey, victimKey), vector, depth: 0, rank: 0, unit: `${family} ${template} ${vector}` };
      swaps.push({ victimKey, position, value: String(value), planned });
    }
  }
  const keep = runtimeKeeps(run, swaps.map((swap) => swap.planned));
  for (const { victimKey, position, value, planned } of swaps) {
    if (!keep(planned)) {
      coverage.skipped(template, planned.vector);
      continue;
    }
    const context = probeContext(run, { check: `${family}/${action}`, routeTemplate: template, vector: planned.vector, channel: 'api' }, { requesterKey, victimKey });
    await send(requester, context, substitute(request, position, value));
    coverage.tried(template, requester.name, planned.vector);
  }
  return proven;
}

function send(identity: Identity, context: ProbeContext, request: OwnRequest): Promise<Exchange> {
  const headers = { ...request.headers, ...(request.body !== undefined && request.contentType ? { 'content-type': request.contentType } : {}) };
  return identity.request(context, { method: request.method, url: request.url, headers, cookies: request.cookies, ...(request.body !== undefined ? { data: request.body } : {}) });
}

interface PageCookie {
  name: string;
  value: string;
  path: string;
}

/**
 * The cookies the portal set in the requester's browser that hold one of its identifiers (the
 * espace being viewed, a tenant, a delegation): each is a position like a header. Only those are
 * sent with the replays; the session cookie is never one, its value is a credential.
 */
async function ownCookies(requester: Identity, origin: string, session: { type: string; cookieName?: string }, own: OwnValues): Promise<PageCookie[]> {
  const all = await requester.inBrowser((page) => page.context().cookies(origin));
  return all
    .filter((cookie) => !(session.type === 'cookie' && cookie.name === session.cookieName) && own.has(decodeOrKeep(cookie.value)))
    .map(({ name, value, path }) => ({ name, value, path }));
}


function cookiesFor(cookies: readonly PageCookie[], url: string): Record<string, string> | undefined {
  const path = new URL(url, 'http://origin.invalid').pathname;
  const sent = cookies.filter((cookie) => path.startsWith(cookie.path));
  return sent.length > 0 ? Object.fromEntries(sent.map((cookie) => [cookie.name, cookie.value])) : undefined;
}

/** `GET /api/x?usagerId={usagerId} [x-usager-id: {usagerId}]`: the request with its positions named. */
export function templateOf(request: OwnRequest, positions: readonly Position[]): string {
  const url = new URL(request.url, 'http://origin.invalid');
  const segments = url.pathname.split('/');
  for (const position of [...positions].reverse()) if (position.location === 'path') segments[Number(position.at)] = `{${position.binding}}`;
  const query = [...url.searchParams.entries()].map(([name, value]) => {
    const position = positions.find((candidate) => candidate.location === 'query' && candidate.at === name);
    return `${name}=${position ? `{${position.binding}}` : value}`;
  });
  const named = [...new Map(positions.filter((position) => position.location !== 'path' && position.location !== 'query').map((position) => [positionName(position), `${positionName(position)}={${position.binding}}`])).values()];
  return `${request.method} ${segments.join('/')}${query.length > 0 ? `?${query.join('&')}` : ''}${named.length > 0 ? ` [${named.join(', ')}]` : ''}`;
}
