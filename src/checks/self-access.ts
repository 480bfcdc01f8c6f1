import { expect, test } from '@playwright/test';
import type { RouteSpec } from '../profile/types';
import type { RunContext } from '../run/context';
import type { ExchangeSink, ProbeContext } from '../session/exchange';
import type { IdentityPool } from '../session/pool';
import { fetchThroughChannel, rendersInBrowser } from './controls';
import { onRoute, probeContext } from './probe-context';
import { keeps, runBudget } from './run-plan';
import { callFor, selfStep, selfVictims } from './self-plan';

export { callFor } from './self-plan';

interface SelfCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: ExchangeSink;
  route: RouteSpec;
}

/**
 * A route that answers about the caller (a list, a search, a home page): the caller sees its own
 * things through it, and nothing of anyone else's however it filters or searches.
 */
export async function verifySelfRoute(check: SelfCheck, requesterKey: string | undefined): Promise<void> {
  const { run, pool, route } = check;
  const requester = await pool.get(requesterKey);
  const person = requesterKey === undefined ? undefined : run.person(requesterKey);

  // Under a budget a control is kept exactly when a refusal it proves is (run-plan); without one, everything.
  const step = selfStep(run, route, requesterKey);
  const kept = (key: string, victimKey: string | undefined, vector: string): boolean =>
    keeps(run, key, { family: 'objects', route: route.path, action: route.action, relationship: victimKey === undefined ? 'owner' : run.policy.relationship(requesterKey, victimKey), vector });
  const control = step.controlKey !== undefined && kept(step.controlKey, undefined, 'positive-control');
  const probes = step.probes.filter((probe) => kept(probe.key, probe.victimKey, probe.vector));
  if (runBudget(run).max !== undefined && probes.length === 0) return;

  if (person?.role === 'usager' && control) {
    await test.step(`${requester.name} sees its own things through ${route.name} (positive control)`, async () => {
      const own = run.state.documents.find((document) => document.ownerKey === person.key);
      const url = callFor(route, own, undefined, person.bindings);
      const exchanges = await fetchThroughChannel(requester, route, contextFor(check, requesterKey, person.key, 'positive-control'), url);
      const seesOwn = exchanges.some((exchange) => exchange.status < 400 && exchange.evidence.some((evidence) => evidence.ownerKey === person.key));
      expect(seesOwn, `positive control failed: ${requester.name} does not see its own data through ${route.channel} ${route.path}`).toBe(true);
    });
  }

  const victims = selfVictims(run, route, requesterKey);
  await test.step(`${requester.name} gets nothing of ${victims.map((victim) => victim.key).join(', ')} through ${route.name}`, async () => {
    for (const probe of probes) {
      const context = contextFor(check, requesterKey, probe.victimKey, probe.vector);
      if (rendersInBrowser(route) && probe.vector === 'plain') await requester.visit(context, probe.call.url);
      else await requester.request({ ...context, channel: 'api' }, probe.call);
    }
  });
}

function contextFor(check: SelfCheck, requesterKey: string | undefined, victimKey: string, vector: string): ProbeContext {
  const { run, route } = check;
  return probeContext(run, onRoute(`objects/${route.action}`, route, vector), { requesterKey, victimKey });
}
