import { expect, test } from '@playwright/test';
import { withQuery } from '../probes/vectors';
import type { RouteSpec } from '../profile/types';
import type { RunContext } from '../run/context';
import type { DocumentRecord } from '../run/state';
import type { ExchangeSink, ProbeContext } from '../session/exchange';
import type { IdentityPool } from '../session/pool';
import { fill, type Bindings } from '../util/template';
import { fetchThroughChannel, rendersInBrowser } from './controls';

interface SelfCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: ExchangeSink;
  route: RouteSpec;
}

/** Names a client could add to narrow a list to someone: tried on every list, declared or not. */
const GUESSED_FILTERS: Record<string, 'usager' | 'dossier'> = {
  usagerId: 'usager',
  userId: 'usager',
  ownerId: 'usager',
  owner: 'usager',
  usager: 'usager',
  dossierId: 'dossier',
  dossier: 'dossier',
};

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
      const url = urlFor(route, own, undefined, person.bindings);
      const exchanges = await fetchThroughChannel(requester, route, contextFor(check, requesterKey, person.key, 'positive-control'), url);
      const seesOwn = exchanges.some((exchange) => exchange.status < 400 && exchange.evidence.some((evidence) => evidence.ownerKey === person.key));
      expect(seesOwn, `positive control failed: ${requester.name} does not see its own data through ${route.channel} ${route.path}`).toBe(true);
    });
  }

  const victims = run.policy.forbiddenOwners(requesterKey);
  await test.step(`${requester.name} gets nothing of ${victims.map((victim) => victim.key).join(', ')} through ${route.name}`, async () => {
    for (const victim of victims) {
      const seeded = run.person(victim.key);
      const documents = run.state.documents.filter((document) => document.ownerKey === victim.key);
      for (const request of selfRequests(route, seeded.bindings, documents)) {
        const context = contextFor(check, requesterKey, victim.key, request.vector);
        if (rendersInBrowser(route) && request.vector === 'plain') await requester.visit(context, request.url);
        else await requester.request({ ...context, channel: 'api' }, { method: 'GET', url: request.url });
      }
    }
  });
}

function selfRequests(route: RouteSpec, victim: Bindings, documents: DocumentRecord[]): { vector: string; url: string }[] {
  if (route.action === 'search') {
    return documents.slice(0, 2).flatMap((document) =>
      (route.queries ?? ['{titleWord}']).map((query) => ({ vector: `search:${query}`, url: urlFor(route, document, query, victim) })),
    );
  }
  const requests = [{ vector: 'plain', url: fill(route.path, victim, encodeURIComponent) }];
  const filters = { ...Object.fromEntries(Object.entries(GUESSED_FILTERS).map(([name, kind]) => [name, kind === 'usager' ? 'usagerId' : 'dossierId'])), ...route.filters };
  for (const [name, binding] of Object.entries(filters)) {
    const value = victim[binding];
    if (value !== undefined) requests.push({ vector: `filter:${name}`, url: withQuery(requests[0]!.url, name, String(value)) });
  }
  return requests;
}

function urlFor(route: RouteSpec, document: DocumentRecord | undefined, query: string | undefined, bindings: Bindings): string {
  const term = query ?? route.queries?.[0] ?? '{canary}';
  const value = document ? fill(term, { titleWord: document.titre.split(/\s+/)[0] ?? document.titre, canary: document.canary }) : '';
  return fill(route.path, { ...bindings, query: value }, encodeURIComponent);
}

function contextFor(check: SelfCheck, requesterKey: string | undefined, victimKey: string, vector: string): ProbeContext {
  const { run, route } = check;
  return {
    check: `objects/${route.action}`,
    routeTemplate: route.path,
    vector,
    channel: route.channel,
    victimKey,
    relationship: run.policy.relationship(requesterKey, victimKey),
    expectDenied: false,
  };
}
