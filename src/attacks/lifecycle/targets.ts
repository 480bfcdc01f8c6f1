import { expect } from '@playwright/test';
import type { AttackCoverage } from '../coverage';
import type { ProbeContext } from '../../session/exchange';
import type { Identity } from '../../session/identity';
import type { Ledger } from '../../session/ledger';
import { isSuccess } from '../../checks/controls';
import { nobodysProbe, onRoute, probeContext } from '../../checks/probe-context';
import { documentTarget, reachesTarget, readOwnTarget, whoamiTarget, type PersonalTarget } from '../../checks/sessions/personal';
import { outsider, partyOf, recordViolation } from '../../checks/sessions/wiring';
import type { SpareAccount } from './spare-account';

const REFERENCES = { cwe: ['CWE-613'], wstg: ['WSTG-SESS-06', 'WSTG-ATHN-09'], owasp: ['ASVS 4.0.3 V3.3.3', 'ASVS 4.0.3 V3.3.4'] };

/** The spare's own document (a download first) and whoami: what a session that should be dead still opens. */
export function spareTargets(spare: SpareAccount): PersonalTarget[] {
  const document = documentTarget(spare.run, spare.key);
  if (!document) throw new Error(`the profile has no API route that reads one of ${spare.key}'s documents: the lifecycle checks prove a dead session on one`);
  return [document, whoamiTarget(spare.run, spare.key)];
}

function contextOf(check: string, spare: SpareAccount, target: PersonalTarget, vector: string, expectDenied: boolean): ProbeContext {
  const probe = { ...onRoute(check, target.route, vector, expectDenied), channel: 'api' as const };
  return expectDenied ? nobodysProbe(spare.run, probe, target.ownerKey) : probeContext(spare.run, probe, { requesterKey: spare.key, victimKey: target.ownerKey });
}

/** Positive control: this session reads the spare's own document and whoami, so that a refusal later means something. */
export async function expectReaches(check: string, spare: SpareAccount, identity: Identity, targets: PersonalTarget[], what: string): Promise<void> {
  for (const target of targets) {
    const { reached, exchange } = await readOwnTarget(identity, target, (vector) => contextOf(check, spare, target, vector, false));
    expect(reached, `positive control failed: ${what} does not reach GET ${target.route.path} (status ${exchange.status}): a refusal later would prove nothing`).toBe(true);
  }
}

export interface DeadReplay {
  check: string;
  ledger: Ledger;
  coverage: AttackCoverage;
  /** Names the route in coverage: the action and its request. */
  action: string;
  /** `old-cookie`, `old-refresh-token`...: what was replayed, for the finding and coverage. */
  vector: string;
  /** Who would hold it: the thief of a cookie, the holder of a spent refresh token. */
  holder: string;
  /** The sentence of the finding: "the cookie of lcpassword captured before its password change". */
  held: string;
}

/**
 * Replays a credential that should be dead on the spare's own routes, where someone with no session
 * gets nothing of the spare (else the route proves nothing). The spare's own data in an
 * answer is the session outliving the action: a violation (nobody else's data was seen); anyone
 * else's data is a leak (the oracle reports it); a success with no marker on the document is suspicious.
 */
export async function replayDead(spare: SpareAccount, identity: Identity, targets: PersonalTarget[], replay: DeadReplay): Promise<void> {
  const nobody = spare.sessions.sessionless(spare.key);
  for (const target of targets) {
    // Negative control: a route that answers the spare's data to someone with no session at all
    // proves nothing of a session's end (an anonymous leak, which the object checks report).
    const anyone = await nobody.request(contextOf(replay.check, spare, target, 'no-session-control', true), { method: 'GET', url: target.url });
    if (reachesTarget(anyone, target)) {
      replay.coverage.nothingToTry(`${replay.action} on GET ${target.route.path}`, `the route answers ${spare.key}'s own data with no session (${anyone.status}): a replayed credential proves nothing there`);
      continue;
    }
    const exchange = await identity.request(contextOf(replay.check, spare, target, replay.vector, true), { method: 'GET', url: target.url });
    replay.coverage.tried(replay.action, spare.key, `${replay.vector} on GET ${target.route.path}`);
    if (reachesTarget(exchange, target)) {
      recordViolation(replay.ledger, {
        check: replay.check,
        attacker: outsider(replay.holder),
        victim: partyOf(spare.run, spare.key),
        routeTemplate: `GET ${target.route.path}`,
        vector: replay.vector,
        channel: 'api',
        severity: 'high',
        detail: `${replay.held} still opens GET ${target.route.path} (${exchange.status}): the portal did not end it`,
        exchange,
        references: REFERENCES,
      });
      continue;
    }
    // Whoami may answer 200 to anybody (an empty profile); only its markers betray the session.
    if (target.route.name !== 'whoami' && isSuccess(exchange.status) && exchange.foreign.length === 0) {
      replay.ledger.suspicious(exchange, `${exchange.status} to ${replay.held}`);
    }
  }
}
