import { expect, test } from '@playwright/test';
import type { RunContext } from '../run/context';
import type { Exchange, ProbeContext } from '../session/exchange';
import type { IdentityPool } from '../session/pool';
import { mapLimit } from '../util/concurrency';
import { rendersInBrowser } from './controls';
import { onRoute, probeContext, requesterClass } from './probe-context';
import { burstOrder, ownRequests, sharedPersonalUrls, type OwnRequest } from './concurrency-plan';

/**
 * Sessions must not bleed into each other under load. Every identity only ever asks for its own
 * things, so the content oracle alone is the verdict: any foreign marker in any answer is a leak,
 * whatever its status (the leak watcher records it from the identity's scan).
 */
export interface LoadCheck {
  run: RunContext;
  pool: IdentityPool;
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

/**
 * Many sessions at once, each fetching its own lists, pages and pièces over and over: a handler
 * that keeps the current user in shared state answers some of them with someone else's data.
 */
export async function verifyParallelSessions(check: LoadCheck, settings: BurstSettings = DEFAULT_BURST): Promise<void> {
  const { run, pool } = check;
  const plans = plansOf(run);
  const order = burstOrder(plans, settings.repeats);
  const sessions = await Promise.all(order.map(async ({ key, request }) => ({ identity: await pool.get(key), request })));
  const answers: Exchange[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    await test.step(`burst ${round}/${settings.rounds}: ${sessions.length} requests from ${plans.size} sessions, ${settings.inFlight} in flight`, async () => {
      const exchanges = await mapLimit(sessions, settings.inFlight, ({ identity, request }) =>
        identity.request(contextOf(run, identity.key, request, 'parallel-burst'), request.call ?? { method: 'GET', url: request.url }),
      );
      answers.push(...exchanges);
    });
  }
  await test.step('every session saw its own data under load (positive controls)', () => {
    // Without it, sessions that all failed (expired, throttled) would make a silent burst prove nothing.
    const blind = [...plans.keys()].filter((key) => !answers.some((exchange) => exchange.identity === key && seesOwn(run, key, exchange)));
    expect(blind, `positive control failed: ${blind.join(', ')} never received their own data during the bursts`).toEqual([]);
  });
}

/**
 * The same personal URL fetched by one session after another, then by nobody: a cache keyed on
 * the URL alone (a reverse proxy, a micro-cache) hands each of them the first one's answer.
 */
export async function verifySequentialSessions(check: LoadCheck): Promise<void> {
  const { run, pool } = check;
  const shared = sharedPersonalUrls(plansOf(run));
  expect(shared.length, 'no personal URL is shared by two sessions: the profile declares no whoami, start page or list to compare').toBeGreaterThan(0);
  for (const { url, route, keys } of shared) {
    await test.step(`${[...keys, 'anonymous'].join(', ')} fetch ${url} one after the other`, async () => {
      const request: OwnRequest = { route, url, personal: true };
      const exchanges: Exchange[] = [];
      for (const key of [...keys, undefined]) {
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

function contextOf(run: RunContext, key: string | undefined, request: OwnRequest, vector: string): ProbeContext {
  return probeContext(run, { ...onRoute(`concurrency/${request.route.action}`, request.route, vector), channel: 'api' }, { relationship: requesterClass(run, key) });
}
