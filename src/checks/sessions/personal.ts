import type { Evidence } from '../../findings/types';
import type { RouteSpec } from '../../profile/types';
import type { RunContext } from '../../run/context';
import { fill } from '../../util/template';
import { routeCall, whoamiRoute, type RouteCall } from '../../profile/route';
import { serves } from '../roles-plan';
import { uncached } from '../../probes/vectors';
import type { Exchange, ProbeContext } from '../../session/exchange';
import type { Identity } from '../../session/identity';

/** One personal answer of one person: where it is, and what in an answer proves it was received. */
export interface PersonalTarget {
  route: RouteSpec;
  /** The route's request for this person; `url` is its URL, what a browser opens. */
  call: RouteCall;
  url: string;
  /** Whose data it is (the owner of the object, or the requester for a route about oneself). */
  ownerKey: string;
  proves(evidence: Evidence): boolean;
}

/**
 * Where a person finds personal data through a route of the profile: one of the objects it may
 * read (its own first), or the route itself when it answers about the caller.
 */
export function personalTarget(run: RunContext, key: string, route: RouteSpec): PersonalTarget | undefined {
  const person = run.person(key);
  if (!serves(route, person.role)) return undefined;
  if (route.object === 'self') {
    const visible = run.policy.visibleOwners(key);
    const own = run.state.documents.find((document) => visible.has(document.ownerKey));
    const term = own ? fill(route.queries?.[0] ?? '{canary}', { titleWord: own.titre.split(/\s+/)[0] ?? own.titre, canary: own.canary }) : '';
    try {
      const call = routeCall(route, { ...person.bindings, query: term });
      return { route, call, url: call.url, ownerKey: key, proves: (evidence) => visible.has(evidence.ownerKey) };
    } catch {
      // A route over bindings this person does not have (an agent has no dossier of its own).
      return undefined;
    }
  }
  const object = run.reachableObject(key, route.object);
  if (!object) return undefined;
  const call = routeCall(route, object.bindings);
  return { route, call, url: call.url, ownerKey: object.ownerKey, proves: (evidence) => object.proves(evidence) };
}

/** The whoami answer proves the session by the person's e-mail (see auth.whoami). */
export function whoamiTarget(run: RunContext, key: string): PersonalTarget {
  const route = whoamiRoute(run.profile, 'metadata');
  const call = routeCall(route, run.person(key).bindings);
  return {
    route,
    call,
    url: call.url,
    ownerKey: key,
    proves: (evidence) => evidence.ownerKey === key && evidence.kind === 'email',
  };
}

/** An API route that hands out one of the person's documents (a download first): what a stolen session is worth. */
export function documentTarget(run: RunContext, key: string): PersonalTarget | undefined {
  const rank = (route: RouteSpec): number => ['download', 'preview', 'metadata', 'view'].indexOf(route.action);
  const routes = run.profile.routes
    .filter((route) => route.channel === 'api' && (route.object === 'piece' || route.object === 'dossier') && rank(route) !== -1)
    .sort((a, b) => rank(a) - rank(b) || Number(a.object !== 'piece') - Number(b.object !== 'piece'));
  for (const route of routes) {
    const target = personalTarget(run, key, route);
    if (target) return target;
  }
  return undefined;
}

/** Whether an answer proves the target: not a refusal, and it holds the person's own evidence. */
export const reachesTarget = (exchange: Exchange, target: PersonalTarget): boolean => exchange.status < 400 && exchange.evidence.some((evidence) => target.proves(evidence));

/**
 * A live session reads its own target, for a positive control. When the plain URL's answer is not
 * the session's own (a cache keyed on the URL alone served the previous caller's: judged by the
 * oracle all the same), it asks once more with a cache-busting nonce, so that the portal's answer
 * to this session, not a cache's, decides whether the session reaches its data.
 */
export async function readOwnTarget(identity: Identity, target: PersonalTarget, contextFor: (vector: string) => ProbeContext): Promise<{ reached: boolean; exchange: Exchange }> {
  const plain = await identity.request(contextFor('positive-control'), { method: 'GET', url: target.url });
  if (reachesTarget(plain, target)) return { reached: true, exchange: plain };
  const busted = await identity.request(contextFor('positive-control-nonce'), { method: 'GET', url: uncached(target.url) });
  return { reached: reachesTarget(busted, target), exchange: busted };
}
