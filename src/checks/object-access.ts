import { test } from '@playwright/test';
import { objectVectors, neighbourIds } from '../probes/vectors';
import type { ObjectKind, RouteSpec } from '../profile/types';
import { routeBindings, routeCall, routeIdBinding } from '../profile/route';
import type { RunContext, SeededObject } from '../run/context';
import type { ExchangeSink, ProbeContext } from '../session/exchange';
import type { IdentityPool } from '../session/pool';
import { mapLimit } from '../util/concurrency';
import { expectReaches, fetchThroughChannel, isSuccess, rendersInBrowser } from './controls';
import { notApplicable } from './not-applicable';
import { isPageShell, pageDataRefused } from './page-shell';
import { objectProbeContext } from './probe-context';

interface ObjectCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: ExchangeSink;
  route: RouteSpec;
}

const checkName = (route: RouteSpec): string => `objects/${route.action}`;

/**
 * For each of the owner's objects reachable through the route: every allowed identity reaches it
 * (positive controls, owner first), then every forbidden relationship class is refused with every
 * vector, and nothing of the owner's reaches it whatever the status. One member of each class
 * probes each object, taking turns across objects: cost grows with people + objects, not their
 * product, and every class still probes every victim document.
 */
export async function verifyObjectRoute(check: ObjectCheck, ownerKey: string): Promise<void> {
  const { run, pool, route } = check;
  const kind = route.object as ObjectKind;
  const objects = run.objectsOf(ownerKey, kind);
  if (objects.length === 0) throw new Error(`${ownerKey} owns no ${kind} in run ${run.state.runId}: nothing to prove`);
  const allowed = run.identities().filter((key): key is string => key !== undefined && run.policy.mayRead(key, ownerKey, route.name));
  const forbidden = run.identities().filter((key) => key === undefined || !run.policy.mayRead(key, ownerKey, route.name));
  allowed.sort((a, b) => Number(b === ownerKey) - Number(a === ownerKey));

  for (const [index, object] of objects.entries()) {
    const url = routeCall(route, object.bindings);
    // The browser adds what a page's scripts fetch; one object per owner and route proves the page,
    // while HTTP probes every object.
    const inBrowser = rendersInBrowser(route) && index === 0;
    await test.step(`${allowed.join(', ')} reach ${object.key} (positive controls)`, async () => {
      // The owner proves the route through its own channel (the browser for a page); the others
      // of the audience through the same request over HTTP, which is what the matrix needs.
      for (const key of allowed) {
        const identity = await pool.get(key);
        await expectReaches(identity, route, contextFor(check, key, object, 'positive-control', false), url, object, key === ownerKey && inBrowser);
      }
    });
    const attackers = oneOfEachRelationship(run, forbidden, object.ownerKey, index);
    await test.step(`${attackers.map((key) => key ?? 'anonymous').join(', ')} are refused ${object.key}`, async () => {
      const shell = rendersInBrowser(route) && (await isPageShell(await pool.get(ownerKey), contextFor(check, ownerKey, object, 'positive-control', false), url, object));
      await mapLimit(attackers, 4, (key) => probeObject(check, key, object, shell));
      if (inBrowser) await mapLimit(attackers, 4, (key) => probeInBrowser(check, key, object));
    });
  }
}

/** `shell`: the page is the same empty shell for everyone (its data comes by script), so its 2xx over HTTP says nothing. */
async function probeObject(check: ObjectCheck, attackerKey: string | undefined, object: SeededObject, shell = false): Promise<void> {
  const { run, pool, ledger, route } = check;
  const attacker = await pool.get(attackerKey);
  const own = run.reachableObject(attackerKey, object.kind)?.bindings;
  for (const vector of objectVectors(route, object.bindings, own, routeBindings(run.profile, route))) {
    const context = contextFor(check, attackerKey, object, vector.name, vector.expectDenied);
    const exchange = await attacker.request({ ...context, channel: 'api' }, vector);
    if (vector.expectDenied && isSuccess(exchange.status) && exchange.foreign.length === 0 && !shell) {
      ledger.suspicious(exchange, `${exchange.status} to ${attacker.name} for ${object.key}, which it may not read`);
    }
  }
}

/**
 * What a real browser shows the attacker: the page and everything its scripts fetch (a page that
 * says "Accès refusé" while its XHR carries the data is a leak). Every HTTP vector already ran as
 * every class; the browser runs once per forbidden relationship class, route and owner.
 */
async function probeInBrowser(check: ObjectCheck, attackerKey: string | undefined, object: SeededObject): Promise<void> {
  const { pool, ledger, route } = check;
  const attacker = await pool.get(attackerKey);
  const call = routeCall(route, object.bindings);
  const exchanges = await fetchThroughChannel(attacker, route, contextFor(check, attackerKey, object, 'direct-id', true), call);
  const main = exchanges.find((exchange) => exchange.request.url.endsWith(call.url));
  if (main && isSuccess(main.status) && exchanges.every((exchange) => exchange.foreign.length === 0) && !pageDataRefused(exchanges, main)) {
    ledger.suspicious(main, `the browser of ${attacker.name} was shown ${object.key} (status ${main.status})`);
  }
}

/** One identity of each relationship class to the owner; `turn` rotates among a class's members. */
export function oneOfEachRelationship(run: RunContext, keys: (string | undefined)[], ownerKey: string, turn = 0): (string | undefined)[] {
  const byRelationship = new Map<string, (string | undefined)[]>();
  for (const key of keys) {
    const relationship = run.policy.relationship(key, ownerKey);
    byRelationship.set(relationship, [...(byRelationship.get(relationship) ?? []), key]);
  }
  return [...byRelationship.values()].map((members) => members[turn % members.length]);
}

/** Ids next to each identity's own, through the route: neither the run's victims nor unknown objects may answer. */
export async function verifyNeighbourIds(check: ObjectCheck): Promise<void> {
  const { run, pool, ledger, route } = check;
  const kind = route.object as ObjectKind;
  const binding = routeIdBinding(run.profile, route);
  // Only a route that carries the object's own id can be walked by changing that id.
  if (!route.path.includes(`{${binding}}`)) {
    notApplicable(`${route.path} does not carry {${binding}}, the ${kind} id: no id to walk`);
    return;
  }
  const known = new Set(run.allObjects(kind).map((object) => Number(object.bindings[binding])).filter(Number.isInteger));
  // UUIDs and opaque references have no neighbours to walk to.
  if (known.size === 0) {
    notApplicable(`the ${kind} ids ({${binding}}) of this run are not integers: no neighbour to walk to`);
    return;
  }
  await mapLimit(run.identities(), 4, async (key) => {
    const attacker = await pool.get(key);
    const own = run.allObjects(kind).filter((object) => object.ownerKey === key);
    const template = own[0] ?? run.allObjects(kind)[0];
    if (!template) return;
    const ownIds = own.map((object) => Number(object.bindings[binding])).filter(Number.isInteger);
    for (const id of neighbourIds(ownIds.length > 0 ? ownIds : [...known].slice(0, 1), known)) {
      const ownerKey = run.ownerOfId(kind, String(id));
      if (key !== undefined && ownerKey !== undefined && run.policy.mayRead(key, ownerKey, route.name)) continue;
      const call = routeCall(route, { ...template.bindings, [binding]: id });
      const context: ProbeContext = {
        check: checkName(route),
        routeTemplate: route.path,
        vector: 'neighbour-id',
        channel: 'api',
        victimKey: ownerKey,
        relationship: ownerKey ? run.policy.relationship(key, ownerKey) : key === undefined ? 'anonymous' : 'unknown-object',
        resource: { kind, key: ownerKey ? `${kind}#${id}` : `unseeded ${kind}#${id}`, id: String(id) },
        expectDenied: true,
      };
      const exchange = await attacker.request(context, call);
      // On a portal that holds data the run did not seed, an agent may rightly open an unknown object.
      const mayBeLegitimate = ownerKey === undefined && run.policy.mayReadUnseeded(key);
      if (isSuccess(exchange.status) && exchange.foreign.length === 0 && !mayBeLegitimate) {
        ledger.suspicious(exchange, `${exchange.status} to ${attacker.name} for ${kind} id ${id}, which is not one it may read`);
      }
    }
  });
}

function contextFor(check: ObjectCheck, requesterKey: string | undefined, object: SeededObject, vector: string, expectDenied: boolean): ProbeContext {
  return objectProbeContext(check.run, checkName(check.route), check.route, requesterKey, object, vector, expectDenied);
}
