import type { PlannedProbe } from '../probes/probe-order';
import type { ObjectKind, Profile, RouteSpec } from '../profile/types';
import type { RunContext } from '../run/context';
import { MissingBindingError, type Bindings } from '../util/template';
import { routeCall, whoamiRoute, type RouteCall } from '../profile/route';
import { serves } from './roles-plan';

/**
 * What each identity asks for under load: pure planning over the profile, so the concurrency
 * checks only send requests. Every request is one the identity may legitimately make: any foreign
 * marker in its answer can only come from another session's state (a race, a shared cache).
 */
export interface OwnRequest {
  route: RouteSpec;
  url: string;
  /** The route's whole request (method, headers, body); absent for a plain GET of `url`. */
  call?: RouteCall;
  /** Answers about the caller only (a list, a home page, whoami): the same URL for everyone. */
  personal: boolean;
}

export interface Requester {
  role: string;
  bindings: Bindings;
  /** Search terms taken from the requester's own documents. */
  searchTerms: Record<string, string>;
  /** Objects the requester may read, its own first. */
  objects: readonly { kind: ObjectKind; bindings: Bindings }[];
}

/** Caps per object kind: enough objects to keep every route busy without a quadratic burst. */
export const OBJECTS_PER_KIND = 2;

/** The routes every session answers about itself beyond the profile's lists: whoami and the start pages. */
export function personalRoutes(profile: Profile): RouteSpec[] {
  const whoami = whoamiRoute(profile);
  const starts = (profile.startPages ?? []).map((path, index): RouteSpec => ({ name: `start-page-${index + 1}`, action: 'list', channel: 'ui', object: 'self', method: 'GET', path }));
  return [whoami, ...starts, ...profile.routes.filter((route) => route.object === 'self')];
}

/** Everything one requester may ask for: its personal routes, then the routes of the objects it may read. */
export function ownRequests(profile: Profile, requester: Requester): OwnRequest[] {
  const requests: OwnRequest[] = [];
  for (const route of personalRoutes(profile)) {
    if (!serves(route, requester.role)) continue;
    const call = tryCall(route, { ...requester.bindings, ...requester.searchTerms });
    if (call !== undefined) requests.push({ route, url: call.url, call, personal: true });
  }
  for (const route of profile.routes) {
    if (route.object === 'self' || !serves(route, requester.role)) continue;
    const objects = requester.objects.filter((object) => object.kind === route.object).slice(0, OBJECTS_PER_KIND);
    for (const object of objects) {
      const call = tryCall(route, object.bindings);
      if (call !== undefined) requests.push({ route, url: call.url, call, personal: false });
    }
  }
  const seen = new Set<string>();
  return requests.filter((request) => !seen.has(request.url) && Boolean(seen.add(request.url)));
}

/**
 * One burst: every requester's requests, `repeats` times, ordered route by route so that the
 * same handler is entered by every session at once (where per-request state gets mixed up).
 */
export function burstOrder<K>(plans: ReadonlyMap<K, readonly OwnRequest[]>, repeats: number): { key: K; request: OwnRequest }[] {
  const slots: { key: K; request: OwnRequest; slot: string }[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const [key, requests] of plans) {
      for (const request of requests) slots.push({ key, request, slot: `${request.personal ? 0 : 1}|${repeat}|${request.route.name}` });
    }
  }
  // Stable: within one slot, the requesters keep their order.
  return slots.sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0)).map(({ key, request }) => ({ key, request }));
}

/** Personal URLs that at least two requesters fetch verbatim: where a cache keyed on the URL alone would swap answers. */
export function sharedPersonalUrls<K>(plans: ReadonlyMap<K, readonly OwnRequest[]>): { url: string; route: RouteSpec; keys: K[] }[] {
  const byUrl = new Map<string, { url: string; route: RouteSpec; keys: K[] }>();
  for (const [key, requests] of plans) {
    for (const request of requests) {
      if (!request.personal) continue;
      const entry = byUrl.get(request.url) ?? { url: request.url, route: request.route, keys: [] };
      entry.keys.push(key);
      byUrl.set(request.url, entry);
    }
  }
  return [...byUrl.values()].filter((entry) => entry.keys.length >= 2);
}

function tryCall(route: RouteSpec, bindings: Bindings): RouteCall | undefined {
  try {
    return routeCall(route, bindings);
  } catch (error) {
    if (error instanceof MissingBindingError) return undefined;
    throw error;
  }
}

/** Bounded on purpose: a few seconds of load, the same on every run. */
export interface BurstSettings {
  /** Bursts, one after the other. */
  rounds: number;
  /** How many times each request is sent within a burst. */
  repeats: number;
  /** Requests in flight at once, across all identities. */
  inFlight: number;
}

export const DEFAULT_BURST: BurstSettings = { rounds: 3, repeats: 2, inFlight: 32 };

/** Each signed-in person's own requests, planned from the profile. */
export function plansOf(run: RunContext): Map<string, OwnRequest[]> {
  const plans = new Map<string, OwnRequest[]>();
  for (const person of run.state.people) {
    const readable = run.usagers().filter((usager) => run.policy.mayRead(person.key, usager.key));
    readable.sort((a, b) => Number(b.key === person.key) - Number(a.key === person.key));
    const readableKeys = new Set(readable.map((usager) => usager.key));
    const objects = (['dossier', 'piece', 'usager'] as const).flatMap((kind) => run.allObjects(kind).filter((object) => readableKeys.has(object.ownerKey)));
    const document = run.state.documents.find((candidate) => readableKeys.has(candidate.ownerKey));
    const searchTerms: Record<string, string> = document ? { query: document.titre.split(/\s+/)[0] ?? document.titre } : {};
    plans.set(person.key, ownRequests(run.profile, { role: person.role, bindings: person.bindings, searchTerms, objects }));
  }
  return plans;
}

/** One probe of a burst or a sequence, keyed for the run's budget. */
export interface LoadProbe {
  key: string;
  /** Who sends it (undefined: nobody signed in). */
  keyOf: string | undefined;
  request: OwnRequest;
  /** Round × repeats + repeat: 0 for a burst's first pass, and for every step of a sequence. */
  depth: number;
}

/** Each round's requests, in the order they are sent. */
export function burstPlan(plans: ReadonlyMap<string, readonly OwnRequest[]>, settings: BurstSettings = DEFAULT_BURST): LoadProbe[][] {
  const order = burstOrder(plans, settings.repeats);
  const rounds: LoadProbe[][] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const seen = new Map<string, number>();
    rounds.push(
      order.map(({ key, request }) => {
        const id = `${key}|${request.url}`;
        const repeat = seen.get(id) ?? 0;
        seen.set(id, repeat + 1);
        return { key: `concurrency|burst|${round}|${repeat}|${id}`, keyOf: key, request, depth: round * settings.repeats + repeat };
      }),
    );
  }
  return rounds;
}

/** The personal URLs two sessions or more share, each asked by them in turn, then by nobody. */
export function sequentialPlan(plans: ReadonlyMap<string, readonly OwnRequest[]>): { url: string; route: RouteSpec; keys: string[]; probes: LoadProbe[] }[] {
  return sharedPersonalUrls(plans).map((entry) => ({
    ...entry,
    probes: [...entry.keys, undefined].map((key) => ({ key: `concurrency|sequential|${entry.url}|${key ?? 'anonymous'}`, keyOf: key, request: { route: entry.route, url: entry.url, personal: true }, depth: 0 })),
  }));
}

/**
 * The concurrency checks' probes as the budget sees them. A burst's first round and repeat is
 * where each route meets every session at once; later rounds and repeats add load, and rank with
 * the rarer vectors of the other families (after the direct id on every victim object). Each step of a sequence is a unit of its own: a sequence cut short
 * proves nothing.
 */
export function plannedConcurrencyProbes(run: RunContext): PlannedProbe[] {
  const plans = plansOf(run);
  const roleOf = (key: string | undefined): string => (key === undefined ? 'anonymous' : run.person(key).role);
  const planned: PlannedProbe[] = [];
  for (const probe of burstPlan(plans).flat()) {
    planned.push({ key: probe.key, family: 'concurrency', route: probe.request.route.path, action: probe.request.route.action, relationship: roleOf(probe.keyOf), vector: 'parallel-burst', depth: probe.depth, rank: probe.depth });
  }
  for (const { probes } of sequentialPlan(plans)) {
    for (const probe of probes) {
      planned.push({ key: probe.key, family: 'concurrency', route: probe.request.route.path, action: probe.request.route.action, relationship: roleOf(probe.keyOf), vector: 'sequential-same-url', depth: 0, rank: 0, unit: probe.key });
    }
  }
  return planned;
}
