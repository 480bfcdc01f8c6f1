import { routeCall, type RouteCall } from '../profile/route';
import { test } from '@playwright/test';
import type { Person } from '../population/types';
import type { RouteSpec } from '../profile/types';
import type { RunContext, SeededObject } from '../run/context';
import type { ExchangeSink, ProbeContext } from '../session/exchange';
import type { Identity } from '../session/identity';
import type { IdentityPool } from '../session/pool';
import { mapLimit } from '../util/concurrency';
import { expectReaches, fetchThroughChannel, isSuccess } from './controls';
import { isPageShell, pageDataRefused } from './page-shell';
import { onRoute, probeContext } from './probe-context';
import { scopeStep } from './roles-probes';
import { keeps } from './run-plan';

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
  const { pool, run } = check;
  const requester = await pool.get(scope.requesterKey);
  if (scope.readable.length === 0) throw new Error(`${requester.name} may read nobody in this population: its scope has no positive control`);
  for (const route of check.routes) {
    const step = scopeStep(run, route, scope);
    // Under a budget the controls are kept exactly when a refusal through the route is (run-plan).
    const kept = (key: string, ownerKey: string, vector: string): boolean =>
      keeps(run, key, { family: 'roles', route: route.path, action: route.action, relationship: run.policy.relationship(scope.requesterKey, ownerKey), vector });
    const controls = step.controls.filter((control) => kept(control.key, control.object.ownerKey, 'positive-control'));
    const shells = new Set(step.probes.filter((probe) => probe.shellKey !== undefined && kept(probe.shellKey, probe.object.ownerKey, 'page-shell')).map((probe) => probe.object));
    const probes = step.probes.filter((probe) => kept(probe.key, probe.object.ownerKey, 'direct-id'));
    const visit = step.visit && kept(step.visit.key, step.visit.object.ownerKey, 'browser-visit') ? step.visit : undefined;
    if (probes.length === 0 && !visit) continue;
    await test.step(`${requester.name} reaches ${scope.readable.map((person) => person.key).join(', ')} through ${route.name} (positive controls)`, async () => {
      for (const { object } of controls) {
        await expectReaches(requester, route, contextFor(check, route, scope.requesterKey, object, 'positive-control', false), urlOf(route, object), object);
      }
    });
    await test.step(`${requester.name} is refused ${scope.victims.map((person) => person.key).join(', ')} through ${route.name}`, async () => {
      // A page that is the same shell for everyone (its data comes by script) says nothing by its 2xx over HTTP.
      const shellPages = new Set<SeededObject>();
      await mapLimit([...shells], 4, async (object) => {
        const owner = await pool.get(object.ownerKey);
        if (await isPageShell(owner, contextFor(check, route, object.ownerKey, object, 'positive-control', false), urlOf(route, object), object)) shellPages.add(object);
      });
      await mapLimit(probes, 4, ({ object }) => probe(check, route, requester, object, false, shellPages.has(object)));
      // What a real browser shows, once per route: the closest victim's first object.
      if (visit) await probe(check, route, requester, visit.object, true);
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
