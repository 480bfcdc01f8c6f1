import { test } from '@playwright/test';
import { isSuccess } from '../checks/controls';
import { expectSessionReaches, logoutTargets } from '../checks/sessions/logout';
import type { PersonalTarget } from '../checks/sessions/personal';
import { wiringOf, type SessionCheck } from '../checks/sessions/wiring';
import { withQuery } from '../probes/vectors';
import type { ProbeContext } from '../session/exchange';
import { FreshSession, type SessionCredential } from '../session/fresh-session';
import type { AttackCoverage } from './coverage';
import { ownValues, victimsOf, victimValue } from './identifiers';
import { jwtVariants, opaqueVariants, parseJwt, type TokenVariant } from './jwt';

/** Query parameters frameworks read a token from. The session cookie's own name is tried too. */
const URL_TOKEN_PARAMS = ['access_token', 'token'];

/**
 * How the target treats a session token outside its one proper place. Sent by nobody (no cookie,
 * no header of its own), so anything personal that comes back is a leak:
 *  - the token in the URL (`?access_token=`) must open nothing: URLs end up in logs and Referers;
 *  - a token cut short or altered, and for a JWT an unsigned, re-signed, expired or re-addressed
 *    one (the victim as subject), must be refused.
 */
export async function verifyTokenHandling(check: SessionCheck & { coverage: AttackCoverage }, key: string): Promise<void> {
  const { run, pool, ledger, coverage } = check;
  const wiring = wiringOf(check);
  const session = await FreshSession.open(wiring, key);
  try {
    const targets = logoutTargets(check, key);
    await test.step(`the fresh session of ${key} reaches its own data (positive control)`, () => expectSessionReaches(check, session.identity, key, targets));
    const credential = await session.credential();
    const token = tokenOf(run.profile.auth.session, credential);
    const nobody = await pool.get(undefined);

    await test.step(`${key}'s token in the URL opens nothing`, async () => {
      const params = [...URL_TOKEN_PARAMS, ...(credential.type === 'cookie' ? [credential.cookie.name] : [])];
      for (const target of targets) {
        for (const param of params) {
          const vector = `?${param}=`;
          await nobody.request(contextOf('tokens/url-token', key, target, vector), { method: 'GET', url: withQuery(target.url, param, token) });
          coverage.tried(target.route.path, nobody.name, vector);
        }
      }
    });

    const jwt = parseJwt(token);
    const own = ownValues(run, key);
    const person = run.person(key);
    const victim = victimsOf(run, key)[0];
    const swap = (value: string): string | undefined => {
      if (!victim) return undefined;
      if (value === person.email) return run.person(victim).email;
      return (own.get(value) ?? []).map((binding) => victimValue(run, victim, binding)).find((swapped) => swapped !== undefined);
    };
    const variants: TokenVariant[] = jwt ? jwtVariants(jwt, swap) : opaqueVariants(token);
    ledger.redaction.addSecrets(variants.map((variant) => variant.token));
    if (!jwt) coverage.nothingToTry('JWT', `${key}'s session token is not a JWT: only truncated and altered tokens apply`);
    await test.step(`${variants.length} tampered ${jwt ? 'JWT' : 'opaque token'} variants are refused`, async () => {
      for (const variant of variants) {
        for (const target of targets) {
          const context = contextOf(`tokens/${variant.check}`, variant.swapped && victim ? victim : key, target, variant.name);
          const exchange = await nobody.request(context, { method: 'GET', url: target.url, headers: credentialHeaders(run.profile.auth.session, credential, variant.token) });
          coverage.tried(target.route.path, nobody.name, `${variant.check}: ${variant.name}`);
          // Whoami may answer anybody; a document route answering a forged token is wrong even empty.
          if (target.route.name !== 'whoami' && isSuccess(exchange.status) && exchange.foreign.length === 0) {
            ledger.suspicious(exchange, `${exchange.status} to a tampered token of ${key} (${variant.name})`);
          }
        }
      }
    });
  } finally {
    await session.dispose();
  }
}

type SessionSpec = SessionCheck['run']['profile']['auth']['session'];

function tokenOf(session: SessionSpec, credential: SessionCredential): string {
  if (credential.type === 'cookie') return credential.cookie.value;
  const header = session.type === 'bearer' ? (session.header ?? 'Authorization') : 'Authorization';
  const value = credential.headers[header] ?? '';
  const scheme = session.type === 'bearer' ? (session.scheme ?? 'Bearer') : '';
  return scheme && value.startsWith(`${scheme} `) ? value.slice(scheme.length + 1) : value;
}

function credentialHeaders(session: SessionSpec, credential: SessionCredential, token: string): Record<string, string> {
  if (credential.type === 'cookie') return { cookie: `${credential.cookie.name}=${token}` };
  const header = session.type === 'bearer' ? (session.header ?? 'Authorization') : 'Authorization';
  const scheme = session.type === 'bearer' ? (session.scheme ?? 'Bearer') : '';
  return { [header]: `${scheme} ${token}`.trim() };
}

function contextOf(name: string, victimKey: string, target: PersonalTarget, vector: string): ProbeContext {
  return {
    check: name,
    routeTemplate: target.route.path,
    vector,
    channel: 'api',
    victimKey,
    relationship: 'anonymous',
    expectDenied: true,
  };
}
