import { SESSION_CHECKS } from '../check-ids';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '@playwright/test';
import { TargetError } from '../../errors';
import type { ShareConfig } from '../../profile/types';
import type { SeededObject } from '../../run/context';
import type { Exchange, ProbeContext } from '../../session/exchange';
import { FreshSession, type SessionWiring } from '../../session/fresh-session';
import type { Identity } from '../../session/identity';
import { mapLimit } from '../../util/concurrency';
import { fill, type Bindings } from '../../util/template';
import { isSuccess } from '../controls';
import { probeContext } from '../probe-context';
import { judgeStoredAnswer } from './no-store';
import { advertisedExpiryProblem, expiryProof } from './share-expiry';
import { partyOf, recordViolation, wiringOf, type SessionCheck } from './wiring';

const REFERENCES = { cwe: ['CWE-613', 'CWE-639'], wstg: ['WSTG-SESS-07'], owasp: ['ASVS 4.0.3 V3.5.2'] };

/** One link, as its creator got it. */
interface ShareLink {
  url: string;
  /** The link's path with its secret parts named (`/partage/{shareToken}`): the route of findings. */
  template: string;
  captured: Bindings;
  createdAt: number;
}

function shareConfig(check: SessionCheck): ShareConfig {
  const share = check.run.profile.share;
  if (!share) throw new TargetError(`profile ${check.run.profile.name} declares no share section`);
  return share;
}

/** The owner's first document: links are made of what the run seeded, never of anything else. */
function sharedDocument(check: SessionCheck, ownerKey: string): SeededObject {
  const object = check.run.objectsOf(ownerKey, 'piece')[0];
  if (!object) throw new Error(`${ownerKey} owns no pièce in run ${check.run.state.runId}: no link to share`);
  return object;
}

async function createLink(wiring: SessionWiring, share: ShareConfig, creator: FreshSession, object: SeededObject): Promise<ShareLink> {
  const createdAt = Date.now();
  const captured = await creator.send(share.create, object.bindings, `share ${object.key} as ${creator.person.key}`, 'create-share-link');
  // A link is a credential of its own: its token never reaches a finding.
  // A URL is masked by its long parts (the token), so the finding still shows the route.
  wiring.addSecrets(
    Object.entries(captured).flatMap(([name, value]) =>
      name === 'expiresAt' || value === undefined ? [] : String(value).split(/[/?&=#]/).filter((part) => part.length >= 16),
    ),
  );
  const url = fill(share.open, { ...object.bindings, ...captured });
  let template = new URL(url, wiring.run.target.baseURL).pathname;
  for (const [name, value] of Object.entries(captured)) {
    if (typeof value === 'string' && value.length >= 8 && !value.includes('/')) template = template.replaceAll(value, `{${name}}`);
  }
  return { url, template, captured, createdAt };
}

function contextOf(check: SessionCheck, name: string, link: ShareLink, object: SeededObject, requesterKey: string | undefined, vector: string, expectDenied: boolean): ProbeContext {
  const { run } = check;
  const resource = { kind: 'piece', key: object.key, id: String(object.bindings[run.profile.ids.piece] ?? '') };
  return probeContext(run, { check: `sessions/${name}`, routeTemplate: `GET ${link.template}`, vector, channel: 'api', expectDenied }, { requesterKey, object, resource });
}

const reaches = (exchange: Exchange, object: SeededObject): boolean => exchange.status < 400 && exchange.evidence.some((evidence) => object.proves(evidence));

async function expectOpens(check: SessionCheck, identity: Identity, link: ShareLink, object: SeededObject, name: string, when: string): Promise<Exchange> {
  const exchange = await identity.request(contextOf(check, name, link, object, identity.key, 'positive-control', false), { method: 'GET', url: link.url });
  expect(reaches(exchange, object), `positive control failed: ${identity.name} cannot open its own link to ${object.key} ${when} (status ${exchange.status})`).toBe(true);
  return exchange;
}

/**
 * After the link's end (expiry, revocation, logout) someone of the owner's audience opens it: being
 * served is a violation (no one else's data, but the link outlived its end). Anyone else opening
 * it is judged by the oracle (a leak) or as suspicious on a bare success.
 */
async function expectDead(check: SessionCheck, link: ShareLink, object: SeededObject, name: string, vector: string, audience: Identity): Promise<void> {
  const exchange = await audience.request(contextOf(check, name, link, object, audience.key, vector, true), { method: 'GET', url: link.url });
  if (reaches(exchange, object)) {
    recordViolation(check.ledger, {
      check: `sessions/${name}`,
      attacker: partyOf(check.run, audience.key ?? object.ownerKey, `${check.run.policy.relationship(audience.key, object.ownerKey)}-holding-the-link`),
      victim: partyOf(check.run, object.ownerKey),
      routeTemplate: `GET ${link.template}`,
      vector,
      channel: 'api',
      severity: 'medium',
      detail: `the link to ${object.key} still opens (${exchange.status}) after ${vector.replace(/-/g, ' ')}`,
      exchange,
      references: REFERENCES,
    });
  }
  const anonymous = await check.pool.get(undefined);
  const stranger = await anonymous.request(contextOf(check, name, link, object, undefined, vector, true), { method: 'GET', url: link.url });
  if (isSuccess(stranger.status) && stranger.foreign.length === 0) check.ledger.suspicious(stranger, `${stranger.status} to anonymous for a link to ${object.key} ${vector.replace(/-/g, ' ')}`);
}

/** `checkId`: the check the creator's own answers (login, link creation, logout) are judged under. */
async function withCreator(check: SessionCheck, checkId: string, ownerKey: string, body: (creator: FreshSession, wiring: SessionWiring) => Promise<void>): Promise<void> {
  await body(await check.sessions.open(ownerKey, { check: checkId }), wiringOf(check));
}

/**
 * A link opens for the owner's audience only: every identity that may not read the pièce,
 * anonymous included, is refused, while the owner opens it before and after them (so the link was
 * alive all along, whatever its lifetime). Its answer is not stored either.
 */
export async function verifyShareAudience(check: SessionCheck, ownerKey: string): Promise<void> {
  const { run, pool, ledger } = check;
  const share = shareConfig(check);
  const object = sharedDocument(check, ownerKey);
  await withCreator(check, SESSION_CHECKS.shareAudience, ownerKey, async (creator, wiring) => {
    const link = await createLink(wiring, share, creator, object);
    const opened = await test.step(`${ownerKey} opens its link (positive control)`, () => expectOpens(check, creator.identity, link, object, 'share-audience', 'right after creating it'));
    judgeStoredAnswer(check, opened, { route: { name: 'share-link', action: 'download', channel: 'api', object: 'piece', method: 'GET', path: `GET ${link.template}` }, call: { method: 'GET', url: link.url }, url: link.url, ownerKey, proves: (evidence) => object.proves(evidence) });
    const forbidden = run.identities().filter((key) => key === undefined || !run.policy.mayRead(key, ownerKey));
    await test.step(`${forbidden.map((key) => key ?? 'anonymous').join(', ')} are refused the link`, () =>
      mapLimit(forbidden, 4, async (key) => {
        const identity = await pool.get(key);
        const exchange = await identity.request(contextOf(check, 'share-audience', link, object, key, 'share-link', true), { method: 'GET', url: link.url });
        if (isSuccess(exchange.status) && exchange.foreign.length === 0) ledger.suspicious(exchange, `${exchange.status} to ${identity.name} for a link to ${object.key}`);
      }),
    );
    await test.step(`${ownerKey} still opens it (the refusals were not expiry)`, () =>
      expectOpens(check, creator.identity, link, object, 'share-audience', `after the probes (share.ttlSeconds ${share.ttlSeconds ?? 'unset'} may be too short for them)`),
    );
    await creator.logout();
  });
}

/** A link expires: a short lifetime is waited out; a long one must at least be announced and bounded. */
export async function verifyShareExpiry(check: SessionCheck, ownerKey: string): Promise<void> {
  const share = shareConfig(check);
  const object = sharedDocument(check, ownerKey);
  const proof = expiryProof(share.ttlSeconds, share.create.capture?.expiresAt !== undefined);
  if (proof.kind === 'unprovable') throw new TargetError(proof.reason);
  await withCreator(check, SESSION_CHECKS.shareExpiry, ownerKey, async (creator, wiring) => {
    const link = await createLink(wiring, share, creator, object);
    await test.step(`${ownerKey} opens its link (positive control)`, () => expectOpens(check, creator.identity, link, object, 'share-expiry', 'right after creating it'));
    if (proof.kind === 'wait') {
      await test.step(`the link's ${share.ttlSeconds} s go by`, () => sleep(proof.waitMs));
      await test.step('the expired link opens for nobody', () => expectDead(check, link, object, 'share-expiry', 'expired-link', creator.identity));
    } else {
      const problem = advertisedExpiryProblem(link.captured.expiresAt, link.createdAt, proof.maxSeconds);
      if (problem) {
        recordViolation(check.ledger, {
          check: SESSION_CHECKS.shareExpiry,
          attacker: partyOf(check.run, ownerKey, 'owner-holding-the-link'),
          victim: partyOf(check.run, ownerKey),
          routeTemplate: `${share.create.method} ${share.create.path}`,
          vector: 'advertised-expiry',
          channel: 'api',
          severity: 'medium',
          detail: problem,
          request: { method: share.create.method, url: share.create.path, headers: {} },
          references: REFERENCES,
        });
      }
    }
    await creator.logout();
  });
}

/** A revoked link opens for nobody, its owner included. */
export async function verifyShareRevocation(check: SessionCheck, ownerKey: string): Promise<void> {
  const share = shareConfig(check);
  const revoke = share.revoke;
  if (!revoke) throw new TargetError(`profile ${check.run.profile.name} declares no share.revoke: revocation of a link cannot be proven`);
  const object = sharedDocument(check, ownerKey);
  await withCreator(check, SESSION_CHECKS.shareRevoke, ownerKey, async (creator, wiring) => {
    const link = await createLink(wiring, share, creator, object);
    await test.step(`${ownerKey} opens its link (positive control)`, () => expectOpens(check, creator.identity, link, object, 'share-revoke', 'right after creating it'));
    await test.step(`${ownerKey} revokes it`, () => creator.send(revoke, { ...object.bindings, ...link.captured }, `revoke the link to ${object.key}`, 'revoke-share-link'));
    await test.step('the revoked link opens for nobody', () => expectDead(check, link, object, 'share-revoke', 'revoked-link', creator.identity));
    await creator.logout();
  });
}

/** A link dies with the session that made it: after its creator's logout, not even the owner's other session opens it. */
export async function verifyShareDiesAtLogout(check: SessionCheck, ownerKey: string): Promise<void> {
  const share = shareConfig(check);
  const object = sharedDocument(check, ownerKey);
  await withCreator(check, SESSION_CHECKS.shareLogout, ownerKey, async (creator, wiring) => {
    const link = await createLink(wiring, share, creator, object);
    await test.step(`${ownerKey} opens its link (positive control)`, () => expectOpens(check, creator.identity, link, object, 'share-logout', 'right after creating it'));
    await test.step(`${ownerKey} logs out`, () => creator.logout());
    const otherSession = await check.pool.get(ownerKey);
    await test.step('the link of a logged-out session opens for nobody', () => expectDead(check, link, object, 'share-logout', 'link-after-creator-logout', otherSession));
  });
}
