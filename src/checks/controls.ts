import type { RouteCall } from '../profile/route';
import { expect } from '@playwright/test';
import type { RouteSpec } from '../profile/types';
import type { SeededObject } from '../run/context';
import type { Exchange, ProbeContext } from '../session/exchange';
import type { Identity } from '../session/identity';

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/**
 * Whether a route is worth a real browser: a UI page runs scripts that fetch more (and may show
 * what its server answer did not). A file runs no script: its bytes, fetched with the same session
 * over HTTP, are exactly what the browser would get.
 */
export function rendersInBrowser(route: RouteSpec): boolean {
  return route.channel === 'ui' && !['download', 'preview', 'export'].includes(route.action);
}

/** A route's request, or a plain URL to GET. */
export const callOf = (target: RouteCall | string): RouteCall => (typeof target === 'string' ? { method: 'GET', url: target } : target);

/** Sends the route's request through its own channel: the browser for rendered pages, the API context otherwise. */
export async function fetchThroughChannel(identity: Identity, route: RouteSpec, context: ProbeContext, target: RouteCall | string, viaBrowser = rendersInBrowser(route)): Promise<Exchange[]> {
  const call = callOf(target);
  if (viaBrowser) return identity.visit({ ...context, channel: 'ui' }, call.url);
  return [await identity.request({ ...context, channel: 'api' }, call)];
}

/**
 * Positive control: the identity reaches the object through the same route and channel, and the
 * answer proves it (the object's own canary or hash). Without it, a refusal proves nothing.
 */
export async function expectReaches(identity: Identity, route: RouteSpec, context: ProbeContext, url: RouteCall | string, object: SeededObject, viaBrowser?: boolean): Promise<void> {
  const { reached, exchanges } = await tryReach(identity, route, context, url, object, viaBrowser);
  expect(
    reached,
    `positive control failed: ${identity.name} (${context.relationship}) could not reach ${object.key} through ${route.channel} ${route.path} ` +
      `(statuses ${exchanges.map((exchange) => exchange.status).join(', ') || 'none'}): refusals on this route would prove nothing`,
  ).toBe(true);
}

/** The positive control's attempt, without its verdict: whether the answers prove the object, and what they were. */
export async function tryReach(
  identity: Identity,
  route: RouteSpec,
  context: ProbeContext,
  url: RouteCall | string,
  object: Pick<SeededObject, 'proves'>,
  viaBrowser?: boolean,
): Promise<{ reached: boolean; exchanges: Exchange[] }> {
  const proves = (answers: Exchange[]): boolean => answers.some((exchange) => exchange.status < 400 && exchange.evidence.some((evidence) => object.proves(evidence)));
  let exchanges = await fetchThroughChannel(identity, route, context, url, viaBrowser);
  // A page its scripts fill from an API (a single-page app) holds nothing over plain HTTP: for
  // such a page the browser is the route's own channel, for every member of the audience.
  if (!proves(exchanges) && viaBrowser === false && rendersInBrowser(route)) exchanges = await fetchThroughChannel(identity, route, context, url, true);
  return { reached: proves(exchanges), exchanges };
}
