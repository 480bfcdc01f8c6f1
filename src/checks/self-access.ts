import { expect, test } from '@playwright/test';
import { withQuery } from '../probes/vectors';
import type { Profile, RouteSpec } from '../profile/types';
import { routeCall, type RouteCall } from '../profile/route';
import type { RunContext } from '../run/context';
import type { DocumentRecord } from '../run/state';
import type { ExchangeSink, ProbeContext } from '../session/exchange';
import type { IdentityPool } from '../session/pool';
import { fill, type Bindings } from '../util/template';
import { fetchThroughChannel, rendersInBrowser } from './controls';
import { onRoute, probeContext } from './probe-context';

interface SelfCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: ExchangeSink;
  route: RouteSpec;
}

/** Common names a client could add to narrow a list to someone's: tried on every list, declared or not. */
const GUESSED_PERSON_FILTERS = ['userId', 'ownerId', 'owner', 'user'];

/**
 * Filters tried on a list: the guessed names and the profile's own id names (the portal's words)
 * resolve to the victim's person and container ids, then the route's declared filters.
 */
function filtersOf(profile: Profile, route: RouteSpec): Record<string, string> {
  const person = profile.ids.usager;
  const container = profile.ids.dossier;
  return {
    ...Object.fromEntries(GUESSED_PERSON_FILTERS.map((name) => [name, person])),
    [person]: person,
    [container]: container,
    ...route.filters,
  };
}

/**
 * A route that answers about the caller (a list, a search, a home page): the caller sees its own
 * things through it, and nothing of anyone else's however it filters or searches.
 */
export async function verifySelfRoute(check: SelfCheck, requesterKey: string | undefined): Promise<void> {
  const { run, pool, route } = check;
  const requester = await pool.get(requesterKey);
  const person = requesterKey === undefined ? undefined : run.person(requesterKey);

  if (person?.role === 'usager') {
    await test.step(`${requester.name} sees its own things through ${route.name} (positive control)`, async () => {
      const own = run.state.documents.find((document) => document.ownerKey === person.key);
      const url = callFor(route, own, undefined, person.bindings);
      const exchanges = await fetchThroughChannel(requester, route, contextFor(check, requesterKey, person.key, 'positive-control'), url);
      const seesOwn = exchanges.some((exchange) => exchange.status < 400 && exchange.evidence.some((evidence) => evidence.ownerKey === person.key));
      expect(seesOwn, `positive control failed: ${requester.name} does not see its own data through ${route.channel} ${route.path}`).toBe(true);
    });
  }

  const victims = run.policy.forbiddenOwners(requesterKey, route.name);
  await test.step(`${requester.name} gets nothing of ${victims.map((victim) => victim.key).join(', ')} through ${route.name}`, async () => {
    for (const victim of victims) {
      const seeded = run.person(victim.key);
      const documents = run.state.documents.filter((document) => document.ownerKey === victim.key);
      for (const request of selfRequests(run.profile, route, seeded.bindings, documents)) {
        const context = contextFor(check, requesterKey, victim.key, request.vector);
        if (rendersInBrowser(route) && request.vector === 'plain') await requester.visit(context, request.call.url);
        else await requester.request({ ...context, channel: 'api' }, request.call);
      }
    }
  });
}

function selfRequests(profile: Profile, route: RouteSpec, victim: Bindings, documents: DocumentRecord[]): { vector: string; call: RouteCall }[] {
  if (route.action === 'search') {
    return documents.slice(0, 2).flatMap((document) =>
      (route.queries ?? ['{titleWord}']).map((query) => ({ vector: `search:${query}`, call: callFor(route, document, query, victim) })),
    );
  }
  const plain = routeCall(route, victim);
  const requests = [{ vector: 'plain', call: plain }];
  for (const [name, binding] of Object.entries(filtersOf(profile, route))) {
    const value = victim[binding];
    if (value !== undefined) requests.push({ vector: `filter:${name}`, call: { ...plain, url: withQuery(plain.url, name, String(value)) } });
  }
  return requests;
}

/** A route about the caller, filled for it: a search asks for a word of `document` (its title's first, or its canary). */
export function callFor(route: RouteSpec, document: DocumentRecord | undefined, query: string | undefined, bindings: Bindings): RouteCall {
  const term = query ?? route.queries?.[0] ?? '{canary}';
  const value = document ? fill(term, { titleWord: document.titre.split(/\s+/)[0] ?? document.titre, canary: document.canary }) : '';
  return routeCall(route, { ...bindings, query: value });
}

function contextFor(check: SelfCheck, requesterKey: string | undefined, victimKey: string, vector: string): ProbeContext {
  const { run, route } = check;
  return probeContext(run, onRoute(`objects/${route.action}`, route, vector), { requesterKey, victimKey });
}
