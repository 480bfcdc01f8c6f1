import { routeCall, type RouteCall } from '../profile/route';
import { test } from '@playwright/test';
import type { Person } from '../population/types';
import type { ObjectKind, RouteSpec } from '../profile/types';
import type { RunContext, SeededObject } from '../run/context';
import type { ExchangeSink, ProbeContext } from '../session/exchange';
import type { Identity } from '../session/identity';
import type { IdentityPool } from '../session/pool';
import { mapLimit } from '../util/concurrency';
import { expectReaches, fetchThroughChannel, isSuccess, rendersInBrowser } from './controls';
import { isPageShell, pageDataRefused } from './page-shell';
import { onRoute, probeContext } from './probe-context';

/**
 * One scoped requester (a representative, an agent) against the object routes: it reaches the
 * people it is scoped to, and none of the others, first those closest to its scope (same MDPH).
 */
export interface ScopeCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: ExchangeSink;
  routes: readonly RouteSpec[];
}

export interface Scope {
  requesterKey: string;
  /** Usagers it may read: each route is proven on them before any refusal counts. */
  readable: readonly Person[];
  /** Usagers it may not read, in the order they are probed. */
  victims: readonly Person[];
}

export async function verifyScope(check: ScopeCheck, scope: Scope): Promise<void> {
  const { pool } = check;
  const requester = await pool.get(scope.requesterKey);
  if (scope.readable.length === 0) throw new Error(`${requester.name} may read nobody in this population: its scope has no positive control`);
  for (const route of check.routes) {
    const kind = route.object as ObjectKind;
    await test.step(`${requester.name} reaches ${scope.readable.map((person) => person.key).join(', ')} through ${route.name} (positive controls)`, async () => {
      for (const person of scope.readable) {
        for (const object of check.run.objectsOf(person.key, kind)) {
          await expectReaches(requester, route, contextFor(check, route, scope.requesterKey, object, 'positive-control', false), urlOf(route, object), object);
        }
      }
    });
    await test.step(`${requester.name} is refused ${scope.victims.map((person) => person.key).join(', ')} through ${route.name}`, async () => {
      const objects = scope.victims.flatMap((person) => check.run.objectsOf(person.key, kind));
      // A page that is the same shell for everyone (its data comes by script) says nothing by its 2xx over HTTP.
      const shells = new Set<SeededObject>();
      if (rendersInBrowser(route)) {
        await mapLimit(objects, 4, async (object) => {
          const owner = await pool.get(object.ownerKey);
          if (await isPageShell(owner, contextFor(check, route, object.ownerKey, object, 'positive-control', false), urlOf(route, object), object)) shells.add(object);
        });
      }
      await mapLimit(objects, 4, (object) => probe(check, route, requester, object, false, shells.has(object)));
      // What a real browser shows, once per route: the closest victim's first object.
      const closest = objects[0];
      if (closest && rendersInBrowser(route)) await probe(check, route, requester, closest, true);
    });
  }
}

/**
 * `shell`: over HTTP the page is the same empty shell for everyone, so its 2xx proves nothing. In a
 * browser, a 2xx page whose own data calls were refused showed nothing either. Foreign data in any
 * answer is a leak whatever this decides (the identity's scan records it).
 */
async function probe(check: ScopeCheck, route: RouteSpec, requester: Identity, object: SeededObject, viaBrowser: boolean, shell = false): Promise<void> {
  const call = urlOf(route, object);
  const context = contextFor(check, route, requester.key, object, 'direct-id', true);
  const exchanges = await fetchThroughChannel(requester, route, context, call, viaBrowser);
  const main = exchanges.find((exchange) => exchange.request.url.endsWith(call.url));
  const provesNothing = viaBrowser ? main !== undefined && pageDataRefused(exchanges, main) : shell;
  if (main && isSuccess(main.status) && exchanges.every((exchange) => exchange.foreign.length === 0) && !provesNothing) {
    check.ledger.suspicious(main, `${main.status} to ${requester.name} for ${object.key}, outside its scope`);
  }
}

const urlOf = (route: RouteSpec, object: SeededObject): RouteCall => routeCall(route, object.bindings);

function contextFor(check: ScopeCheck, route: RouteSpec, requesterKey: string | undefined, object: SeededObject, vector: string, expectDenied: boolean): ProbeContext {
  return probeContext(check.run, onRoute(`roles/${route.action}`, route, vector, expectDenied), { requesterKey, object });
}
