import { oneVictimOfEachClass } from '../policy/classes';
import type { PlannedProbe } from '../probes/probe-order';
import { withQuery } from '../probes/vectors';
import { routeCall, type RouteCall } from '../profile/route';
import type { Profile, RouteSpec } from '../profile/types';
import type { Person } from '../population/types';
import type { RunContext } from '../run/context';
import type { DocumentRecord } from '../run/state';
import { fill, type Bindings } from '../util/template';

/**
 * What the own-lists-and-search checks send for one requester through one route about the caller,
 * before anything is sent: the check walks it, the run's budget plans it with the other object
 * checks. A usager's own view of the route is the positive control its refusals need.
 */
export interface SelfStep {
  controlKey?: string;
  probes: { victimKey: string; vector: string; call: RouteCall; key: string; rank: number }[];
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

export function selfStep(run: RunContext, route: RouteSpec, requesterKey: string | undefined): SelfStep {
  const prefix = `objects|${route.name}|${requesterKey ?? 'anonymous'}`;
  const person = requesterKey === undefined ? undefined : run.person(requesterKey);
  // A request that names no victim (the plain list, a filter on a value victims share) is the same
  // for every victim: it is sent once, for the first, and the oracle names whoever's data it holds.
  const sent = new Set<string>();
  const probes = selfVictims(run, route, requesterKey).flatMap((victim) => {
    const documents = run.state.documents.filter((document) => document.ownerKey === victim.key);
    return selfRequests(run.profile, route, run.person(victim.key).bindings, documents)
      .map((request, rank) => ({ victimKey: victim.key, ...request, key: `${prefix}|${victim.key}|${request.vector}|${rank}`, rank }))
      .filter((probe) => {
        const identity = JSON.stringify([probe.call.method, probe.call.url, probe.call.data ?? null, probe.call.headers ?? null]);
        if (sent.has(identity)) return false;
        sent.add(identity);
        return true;
      });
  });
  return { ...(person?.role === 'usager' ? { controlKey: `${prefix}|positive-control` } : {}), probes };
}

/**
 * Whose data a requester's filters and searches aim at: one victim of each relationship class, as
 * the object checks take one attacker of each (a filter trusted for one same-MDPH usager is
 * trusted for all), rotating over the requesters so every victim is aimed at by someone. Every
 * answer is still scanned for everyone's markers. Linear in people, where every requester × every
 * victim grew as their product (85,056 planned list probes at 64 usagers).
 */
export function selfVictims(run: RunContext, route: RouteSpec, requesterKey: string | undefined): Person[] {
  return oneVictimOfEachClass(run.policy, requesterKey, { route: route.name, turn: Math.max(0, run.identities().indexOf(requesterKey)) });
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

/** The routes about the caller open to every role: the own-lists-and-search checks walk them for everyone and anonymous. */
export function selfCheckRoutes(run: Pick<RunContext, 'profile'>): RouteSpec[] {
  return run.profile.routes.filter((route) => route.object === 'self' && !route.roles);
}

/**
 * Every request of those checks, as the budget sees it: each requester's class towards each victim
 * on each route is a unit, its plain request (or first search) first, then the filters; the victims
 * of one requester in turn, so every class meets the route before any meets it twice.
 */
export function plannedSelfProbes(run: RunContext): PlannedProbe[] {
  const planned: PlannedProbe[] = [];
  for (const route of selfCheckRoutes(run)) {
    const base = { family: 'objects', route: route.path, action: route.action };
    for (const requesterKey of run.identities()) {
      const step = selfStep(run, route, requesterKey);
      const needs = step.controlKey ? [step.controlKey] : [];
      if (step.controlKey) planned.push({ ...base, key: step.controlKey, relationship: 'owner', vector: 'positive-control', depth: 0, control: true });
      const victims = [...new Set(step.probes.map((probe) => probe.victimKey))];
      for (const probe of step.probes) {
        planned.push({ ...base, key: probe.key, relationship: run.policy.relationship(requesterKey, probe.victimKey), vector: probe.vector, depth: victims.indexOf(probe.victimKey), rank: probe.rank, needs });
      }
    }
  }
  return planned;
}
