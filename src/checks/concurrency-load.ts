import { expect, test } from '@playwright/test';
import type { RunContext } from '../run/context';
import type { Exchange, ProbeContext } from '../session/exchange';
import type { IdentityPool } from '../session/pool';
import { mapLimit } from '../util/concurrency';
import { rendersInBrowser } from './controls';
import { onRoute, probeContext, requesterClass } from './probe-context';
import { burstPlan, DEFAULT_BURST, plansOf, sequentialPlan, type BurstSettings, type OwnRequest } from './concurrency-plan';
import { keeps } from './run-plan';

/**
 * Sessions must not bleed into each other under load. Every identity only ever asks for its own
 * things, so the content oracle alone is the verdict: any foreign marker in any answer is a leak,
 * whatever its status (the leak watcher records it from the identity's scan).
 */
export interface LoadCheck {
  run: RunContext;
  pool: IdentityPool;
}


/**
 * Many sessions at once, each fetching its own lists, pages and pièces over and over: a handler
 * that keeps the current user in shared state answers some of them with someone else's data.
 */
export async function verifyParallelSessions(check: LoadCheck, settings: BurstSettings = DEFAULT_BURST): Promise<void> {
  const { run, pool } = check;
  const plans = plansOf(run);
  const rounds = burstPlan(plans, settings);
  const answers: Exchange[] = [];
  for (const [index, planned] of rounds.entries()) {
    // Under a probe budget (CLOISON_MAX_PROBES) the later rounds and repeats are what is left out.
    const kept = planned.filter((probe) => keeps(run, probe.key, skippedAs(run, probe.keyOf, probe.request, 'parallel-burst')));
    if (kept.length === 0) continue;
    const sessions = await Promise.all(kept.map(async ({ keyOf, request }) => ({ identity: await pool.get(keyOf), request })));
    const senders = new Set(kept.map((probe) => probe.keyOf)).size;
    await test.step(`burst ${index + 1}/${settings.rounds}: ${sessions.length} requests from ${senders} sessions, ${settings.inFlight} in flight`, async () => {
      const exchanges = await mapLimit(sessions, settings.inFlight, ({ identity, request }) =>
        identity.request(contextOf(run, identity.key, request, 'parallel-burst'), request.call ?? { method: 'GET', url: request.url }),
      );
      answers.push(...exchanges);
    });
  }
  await test.step('every session saw its own data under load (positive controls)', () => {
    // Without it, sessions that all failed (expired, throttled) would make a silent burst prove nothing.
    const sent = new Set(answers.map((exchange) => exchange.identity));
    const blind = [...plans.keys()].filter((key) => sent.has(key) && !answers.some((exchange) => exchange.identity === key && seesOwn(run, key, exchange)));
    expect(blind, `positive control failed: ${blind.join(', ')} never received their own data during the bursts`).toEqual([]);
  });
}

/**
 * The same personal URL fetched by one session after another, then by nobody: a cache keyed on
 * the URL alone (a reverse proxy, a micro-cache) hands each of them the first one's answer.
 */
export async function verifySequentialSessions(check: LoadCheck): Promise<void> {
  const { run, pool } = check;
  const shared = sequentialPlan(plansOf(run));
  expect(shared.length, 'no personal URL is shared by two sessions: the profile declares no whoami, start page or list to compare').toBeGreaterThan(0);
  for (const { url, route, keys, probes } of shared) {
    await test.step(`${[...keys, 'anonymous'].join(', ')} fetch ${url} one after the other`, async () => {
      const request: OwnRequest = { route, url, personal: true };
      const exchanges: Exchange[] = [];
      // Each of these is a coverage unit of its own (a sequence is the check): a budget keeps them all.
      for (const { keyOf: key, key: probeKey } of probes) {
        if (!keeps(run, probeKey, skippedAs(run, key, request, 'sequential-same-url'))) continue;
        const identity = await pool.get(key);
        exchanges.push(await identity.request(contextOf(run, key, request, 'sequential-same-url'), { method: 'GET', url }));
      }
      let seeing = keys.filter((key) => exchanges.some((exchange) => exchange.identity === key && seesOwn(run, key, exchange)));
      // A page that is the same shell for everyone over plain HTTP holds nobody's data there: its
      // scripts fetch it. The browser is then the page's own channel, and it also carries the data
      // calls a URL-keyed cache would swap, declared in the profile or not.
      if (seeing.length === 0 && rendersInBrowser(route)) {
        const rendered: Exchange[] = [];
        for (const key of [...keys, undefined]) {
          const identity = await pool.get(key);
          rendered.push(...(await identity.visit({ ...contextOf(run, key, request, 'sequential-same-url-browser'), channel: 'ui' }, url)));
        }
        seeing = keys.filter((key) => rendered.some((exchange) => exchange.identity === key && seesOwn(run, key, exchange)));
      }
      expect(seeing.length, `positive control failed: nobody of ${keys.join(', ')} saw their own data at ${url}, so a swapped answer would go unseen`).toBeGreaterThan(0);
    });
  }
}

/** The answer holds the requester's own data, or that of someone it may read. */
function seesOwn(run: RunContext, key: string, exchange: Exchange): boolean {
  return exchange.status < 400 && exchange.evidence.some((evidence) => evidence.ownerKey === key || (run.person(evidence.ownerKey).role === 'usager' && run.policy.mayRead(key, evidence.ownerKey)));
}

function skippedAs(run: RunContext, key: string | undefined, request: OwnRequest, vector: string) {
  return { family: 'concurrency', route: request.route.path, action: request.route.action, relationship: requesterClass(run, key), vector };
}

function contextOf(run: RunContext, key: string | undefined, request: OwnRequest, vector: string): ProbeContext {
  return probeContext(run, { ...onRoute(`concurrency/${request.route.action}`, request.route, vector), channel: 'api' }, { relationship: requesterClass(run, key) });
}
