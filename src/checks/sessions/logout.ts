import { SESSION_CHECKS } from '../check-ids';
import { expect, test } from '@playwright/test';
import type { Exchange, ProbeContext } from '../../session/exchange';
import type { SessionCredential } from '../../session/fresh-session';
import type { Identity } from '../../session/identity';
import { isSuccess } from '../controls';
import { nobodysProbe, onRoute, probeContext } from '../probe-context';
import { documentTarget, reachesTarget, readOwnTarget, whoamiTarget, type PersonalTarget } from './personal';
import { outsider, partyOf, recordViolation, type SessionCheck } from './wiring';

const CHECK = SESSION_CHECKS.logout;
const REFERENCES = { cwe: ['CWE-613'], wstg: ['WSTG-SESS-06'], owasp: ['ASVS 4.0.3 V3.3.1'] };

/** Whoami and one of the person's documents: what a session left alive after logout still opens. */
export function logoutTargets(check: SessionCheck, key: string): PersonalTarget[] {
  const document = documentTarget(check.run, key);
  return [whoamiTarget(check.run, key), ...(document ? [document] : [])];
}

function contextOf(check: SessionCheck, key: string, target: PersonalTarget, vector: string, expectDenied: boolean): ProbeContext {
  const probe = { ...onRoute(CHECK, target.route, vector, expectDenied), channel: 'api' as const };
  // After logout, the session is nobody's: whoever holds it is a stranger to its former owner.
  return expectDenied ? nobodysProbe(check.run, probe, target.ownerKey) : probeContext(check.run, probe, { requesterKey: key, victimKey: target.ownerKey });
}

/** Positive control: the live session reaches each target, so a refusal after logout means something. */
export async function expectSessionReaches(check: SessionCheck, identity: Identity, key: string, targets: PersonalTarget[]): Promise<void> {
  for (const target of targets) {
    const { reached, exchange } = await readOwnTarget(identity, target, (vector) => contextOf(check, key, target, vector, false));
    expect(reached, `positive control failed: the fresh session of ${key} does not reach GET ${target.route.path} (status ${exchange.status}): a refusal after logout would prove nothing`).toBe(true);
  }
}

/**
 * Replays a credential captured before logout. Its owner's own data in an answer is the session
 * outliving logout: a session violation (CWE-613), not a leak, since nobody else's data was seen.
 * Anyone else's data is a leak (the oracle reports it); a success with no marker is suspicious.
 */
export async function replayAfterLogout(check: SessionCheck, key: string, credential: SessionCredential, targets: PersonalTarget[], vector: string): Promise<void> {
  const holder = check.sessions.holder(credential, key);
  for (const target of targets) {
    const exchange: Exchange = await holder.request(contextOf(check, key, target, vector, true), { method: 'GET', url: target.url });
    if (reachesTarget(exchange, target)) {
      recordViolation(check.ledger, {
        check: CHECK,
        attacker: outsider(`${credential.type}-holder-after-logout`),
        victim: partyOf(check.run, key),
        routeTemplate: `GET ${target.route.path}`,
        vector,
        channel: 'api',
        severity: 'high',
        detail: `the ${credential.type} of ${key} captured before logout still opens GET ${target.route.path} (${exchange.status}) after logout: the session was not ended on the server`,
        exchange,
        references: REFERENCES,
      });
      continue;
    }
    // Whoami may answer 200 to anybody (an empty profile); only its markers betray the session.
    if (target.route.name !== 'whoami' && isSuccess(exchange.status) && exchange.foreign.length === 0) {
      check.ledger.suspicious(exchange, `${exchange.status} to a ${credential.type} of ${key} replayed after logout`);
    }
  }
}

/**
 * Logout ends the session on the server: the cookie (or bearer token) captured while signed in,
 * replayed after logout, opens nothing. The session is one of the check's own: the sessions the
 * setup saved serve every other spec and are never logged out.
 */
export async function verifyLogoutEndsSession(check: SessionCheck, key: string): Promise<void> {
  const targets = logoutTargets(check, key);
  const session = await check.sessions.open(key, { check: CHECK });
  await test.step(`a fresh session of ${key} reaches ${targets.map((target) => target.route.path).join(', ')} (positive control)`, () =>
    expectSessionReaches(check, session.identity, key, targets),
  );
  const credential = await session.credential();
  await test.step(`${key} logs out`, () => session.logout());
  await test.step(`the ${credential.type} captured before logout opens nothing`, () =>
    replayAfterLogout(check, key, credential, targets, `replay-${credential.type}-after-logout`),
  );
}
