import { SESSION_CHECKS } from '../check-ids';
import { expect } from '@playwright/test';
import type { RouteSpec } from '../../profile/types';
import type { RunContext } from '../../run/context';
import type { Exchange } from '../../session/exchange';
import { rendersInBrowser } from '../controls';
import { onRoute, probeContext } from '../probe-context';
import { judgeCacheControl } from './cache-control';
import { personalTarget, type PersonalTarget } from './personal';
import { outsider, partyOf, recordViolation, type SessionCheck } from './wiring';

const CHECK = SESSION_CHECKS.noStore;

/** Who reads the route for the check: the first usager, or for a role's own route the first of that role who may. */
export function readerOf(run: RunContext, route: RouteSpec): { key: string; target: PersonalTarget } | undefined {
  for (const person of run.state.people) {
    const target = personalTarget(run, person.key, route);
    if (target) return { key: person.key, target };
  }
  return undefined;
}

/** A personal answer that the browser or a proxy may keep is a violation; `shared` caches make it worse. */
export function judgeStoredAnswer(check: SessionCheck, exchange: Exchange, target: PersonalTarget, vector = 'cache-control'): void {
  const judgement = judgeCacheControl(exchange.headers);
  if (!judgement.stored) return;
  recordViolation(check.ledger, {
    check: CHECK,
    attacker: outsider(judgement.shared ? 'next-user-behind-shared-cache' : 'next-user-of-shared-computer'),
    victim: partyOf(check.run, target.ownerKey),
    routeTemplate: target.route.path,
    vector,
    channel: target.route.channel,
    severity: judgement.shared ? 'high' : 'medium',
    detail: `${target.route.name}: ${judgement.detail ?? 'cacheable'}`,
    exchange,
    references: { cwe: ['CWE-525', 'CWE-524'], wstg: ['WSTG-ATHN-06'], owasp: ['ASVS 4.0.3 V8.2.1'] },
  });
}

/**
 * A personal answer (a document, a dossier page, a list) carries `no-store`, so neither the
 * browser nor a proxy keeps it for the next person. Read by someone entitled to it (positive
 * control: the answer holds their data) with the sessions the setup saved: reading logs nobody out.
 */
export async function verifyPersonalAnswerNotStored(check: SessionCheck, route: RouteSpec): Promise<void> {
  const reader = readerOf(check.run, route);
  if (!reader) throw new Error(`nobody in run ${check.run.state.runId} may read through ${route.name} (${route.path}): nothing to prove`);
  const identity = await check.pool.get(reader.key);
  const context = probeContext(check.run, onRoute(CHECK, route, 'positive-control'), { requesterKey: reader.key, victimKey: reader.target.ownerKey });
  // A rendered page may be a shell whose scripts fetch the data: what the browser received with
  // the data in it is what must not be kept, the page or its data calls alike.
  const exchanges = rendersInBrowser(route)
    ? await identity.visit(context, reader.target.url)
    : [await identity.request({ ...context, channel: 'api' }, reader.target.call)];
  const carrying = exchanges.filter((exchange) => exchange.status >= 200 && exchange.status < 300 && exchange.evidence.some((evidence) => reader.target.proves(evidence)));
  expect(
    carrying.length,
    `positive control failed: ${reader.key} does not get its data through ${route.channel} ${route.path} (statuses ${exchanges.map((exchange) => exchange.status).join(', ')}): its caching headers would prove nothing`,
  ).toBeGreaterThan(0);
  for (const exchange of carrying) judgeStoredAnswer(check, exchange, reader.target, exchange === exchanges[0] ? 'cache-control' : 'cache-control:page-data');
}
