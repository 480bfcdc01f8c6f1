import type { RouteCall } from '../profile/route';
import type { SeededObject } from '../run/context';
import type { Exchange, ProbeContext } from '../session/exchange';
import type { Identity } from '../session/identity';

const REFUSALS = new Set([401, 403, 404]);

/**
 * A single-page app serves the same page shell to every visitor (a browser navigation carries no
 * bearer token) and its scripts ask the API for the data. A shell is recognised by its owner's
 * answer: 2xx over plain HTTP, yet nothing of the object in it. Its 2xx to anyone else says
 * nothing either; what the page's scripts fetch is what is judged (and scanned by the oracle).
 */
export async function isPageShell(owner: Identity, context: ProbeContext, target: RouteCall | string, object: SeededObject): Promise<boolean> {
  const exchange = await owner.request({ ...context, channel: 'api' }, typeof target === 'string' ? { method: 'GET', url: target } : target);
  return exchange.status >= 200 && exchange.status < 300 && !exchange.evidence.some((evidence) => object.proves(evidence));
}

/**
 * In a browser: the page's own API calls were refused, so the 2xx of its shell showed nothing.
 * Anything of the victim's that still reached the page is a leak whatever this says.
 */
export function pageDataRefused(exchanges: readonly Exchange[], main: Exchange): boolean {
  return exchanges.some(
    (exchange) => exchange !== main && REFUSALS.has(exchange.status) && /\bjson\b/i.test(exchange.contentType ?? '') && sameOrigin(exchange, main),
  );
}

function sameOrigin(a: Exchange, b: Exchange): boolean {
  return new URL(a.request.url).origin === new URL(b.request.url).origin;
}
