import { test } from '@playwright/test';
import type { ObjectKind, RouteSpec } from '../profile/types';
import { routeCall } from '../profile/route';
import type { RunContext, SeededObject } from '../run/context';
import type { ExchangeSink, ProbeContext } from '../session/exchange';
import type { IdentityPool } from '../session/pool';
import { mapLimit } from '../util/concurrency';
import { expectReaches, fetchThroughChannel, isSuccess, rendersInBrowser } from './controls';
import { notApplicable } from './not-applicable';
import { neighbourProbes, objectCheckName, objectRouteSteps, type ObjectRouteStep } from './object-plan';
import { keeps } from './run-plan';
import { isPageShell, pageDataRefused } from './page-shell';
import { onRoute, probeContext } from './probe-context';

interface ObjectCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: ExchangeSink;
  route: RouteSpec;
}

/**
 * For each of the owner's objects reachable through the route: every allowed identity reaches it
 * (positive controls, owner first), then every forbidden relationship class is refused with every
 * vector, and nothing of the owner's reaches it whatever the status. One member of each class
 * probes each object, taking turns across objects: cost grows with people + objects, not their
 * product, and every class still probes every victim document. Under a probe budget
 * (CLOISON_MAX_PROBES) the vectors it left out are counted as skipped, never silently dropped.
 */
export async function verifyObjectRoute(check: ObjectCheck, ownerKey: string): Promise<void> {
  const { run, pool, route } = check;
  const kind = route.object as ObjectKind;
  const steps = objectRouteSteps(run, route, ownerKey);
  if (steps.length === 0) throw new Error(`${ownerKey} owns no ${kind} in run ${run.state.runId}: nothing to prove`);
  // Under a budget a control is kept exactly when a refusal of its object is (run-plan), so a
  // refusal is never sent without it; without one, every step sends everything, as always.
  const kept = (key: string, requesterKey: string | undefined, vector: string): boolean =>
    keeps(run, key, { family: 'objects', route: route.path, action: route.action, relationship: run.policy.relationship(requesterKey, ownerKey), vector });

  for (const step of steps) {
    const { object, index, attackers } = step;
    const url = routeCall(route, object.bindings);
    // The browser adds what a page's scripts fetch; one object per owner and route proves the page,
    // while HTTP probes every object.
    const inBrowser = rendersInBrowser(route) && index === 0;
    const controls = step.controls.filter((control) => kept(control.key, control.requesterKey, 'positive-control'));
    const shellKept = step.shellKey !== undefined && kept(step.shellKey, ownerKey, 'page-shell');
    const sent = step.probes.filter((probe) => kept(probe.key, probe.attackerKey, probe.vector.name));
    const visits = step.visits.filter((visit) => kept(visit.key, visit.attackerKey, 'browser-visit'));
    if (sent.length === 0 && visits.length === 0) continue;
    await test.step(`${controls.map((control) => control.requesterKey).join(', ')} reach ${object.key} (positive controls)`, async () => {
      // The owner proves the route through its own channel (the browser for a page); the others
      // of the audience through the same request over HTTP, which is what the matrix needs.
      for (const { requesterKey: key } of controls) {
        const identity = await pool.get(key);
        await expectReaches(identity, route, contextFor(check, key, object, 'positive-control', false), url, object, key === ownerKey && inBrowser);
      }
    });
    await test.step(`${attackers.map((key) => key ?? 'anonymous').join(', ')} are refused ${object.key}`, async () => {
      const shell = shellKept && (await isPageShell(await pool.get(ownerKey), contextFor(check, ownerKey, object, 'positive-control', false), url, object));
      await mapLimit(attackers, 4, (key) => probeObject(check, step, sent.filter((probe) => probe.attackerKey === key), key, shell));
      await mapLimit(visits, 4, (visit) => probeInBrowser(check, visit.attackerKey, object));
    });
  }
}

/** `shell`: the page is the same empty shell for everyone (its data comes by script), so its 2xx over HTTP says nothing. */
async function probeObject(check: ObjectCheck, step: ObjectRouteStep, probes: ObjectRouteStep['probes'], attackerKey: string | undefined, shell = false): Promise<void> {
  const { pool, ledger } = check;
  const { object } = step;
  if (probes.length === 0) return;
  const attacker = await pool.get(attackerKey);
  for (const { vector } of probes) {
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

/** Ids next to each identity's own, through the route: neither the run's victims nor unknown objects may answer. */
export async function verifyNeighbourIds(check: ObjectCheck): Promise<void> {
  const { run, pool, ledger, route } = check;
  const kind = route.object as ObjectKind;
  const probes = neighbourProbes(run, route);
  if (!Array.isArray(probes)) {
    notApplicable(probes.notApplicable);
    return;
  }
  const attackers = [...new Set(probes.map((probe) => probe.attackerKey))];
  await mapLimit(attackers, 4, async (key) => {
    const attacker = await pool.get(key);
    for (const probe of probes.filter((candidate) => candidate.attackerKey === key)) {
      const { id, ownerKey } = probe;
      if (!keeps(run, probe.key, { family: 'objects', route: route.path, action: route.action, relationship: probe.relationship, vector: 'neighbour-id' })) continue;
      const call = routeCall(route, probe.bindings);
      const resource = { kind, key: ownerKey ? `${kind}#${id}` : `unseeded ${kind}#${id}`, id: String(id) };
      const context = probeContext(run, { ...onRoute(objectCheckName(route), route, 'neighbour-id', true), channel: 'api' }, { victimKey: ownerKey, relationship: probe.relationship, resource });
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
  const { run, route } = check;
  return probeContext(run, onRoute(objectCheckName(route), route, vector, expectDenied), { requesterKey, object });
}
