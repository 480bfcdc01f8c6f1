import { test } from '@playwright/test';
import { isSuccess } from '../checks/controls';
import { probeContext } from '../checks/probe-context';
import { expectSessionReaches, logoutTargets } from '../checks/sessions/logout';
import type { PersonalTarget } from '../checks/sessions/personal';
import type { SessionCheck } from '../checks/sessions/wiring';
import { withQuery } from '../probes/vectors';
import type { PlannedProbe } from '../probes/probe-order';
import { runtimeKeeps } from '../checks/run-plan';
import type { ProbeContext } from '../session/exchange';
import type { SessionCredential } from '../session/fresh-session';
import type { AttackCoverage } from './coverage';
import { ownValues, victimsOf, victimValue } from './identifiers';
import { tokenProbe } from './token-plan';
import { jwtVariants, opaqueVariants, parseJwt, type TokenVariant } from './jwt';

/** Query parameters frameworks read a token from. The session cookie's own name is tried too. */
const URL_TOKEN_PARAMS = ['access_token', 'token'];

/**
 * The check a leak in the fresh session's own answers (its login, its API token request, its
 * logout) is reported under: the first one its tokens serve, tried in the URL before tampered with.
 */
const TOKEN_SESSION_CHECK = 'tokens/url-token';

/** A token a person holds, and how it is presented in its one proper place. */
interface HeldToken {
  what: 'session' | 'API token';
  token: string;
  present(token: string): Record<string, string>;
  urlParams: string[];
}

type TokenCheck = SessionCheck & { coverage: AttackCoverage };

/**
 * How the target treats a person's tokens (its session, and the API token the profile says it
 * can get) outside their one proper place. Sent by nobody (no cookie, no header of its own), so
 * anything personal that comes back is a leak:
 *  - a token in the URL (`?access_token=`) must open nothing: URLs end up in logs and Referers;
 *  - a token cut short or altered, and for a JWT an unsigned, re-signed, expired or re-addressed
 *    one (the victim as subject), must be refused.
 */
export async function verifyTokenHandling(check: TokenCheck, key: string): Promise<void> {
  const { run, pool } = check;
  const session = await check.sessions.open(key, { check: TOKEN_SESSION_CHECK });
  const targets = logoutTargets(check, key);
  await test.step(`the fresh session of ${key} reaches its own data (positive control)`, () => expectSessionReaches(check, session.identity, key, targets));
  const credential = await session.credential();
  const held: HeldToken[] = [sessionToken(check, credential)];
  const apiToken = run.profile.auth.apiToken;
  if (apiToken) {
    const captured = await session.send({ ...apiToken.request, capture: { apiToken: apiToken.capture } }, {}, `API token of ${key}`, 'api-token-request');
    const token = captured.apiToken;
    if (typeof token !== 'string' || token === '') throw new Error(`${apiToken.request.method} ${apiToken.request.path} gave ${key} no token at "${apiToken.capture}" (auth.apiToken)`);
    check.ledger.redaction.addSecrets([token]);
    const header = apiToken.header ?? 'Authorization';
    const present = (value: string): Record<string, string> => ({ [header]: `${apiToken.scheme ?? 'Bearer'} ${value}`.trim() });
    const holder = check.sessions.holder({ type: 'bearer', headers: present(token) }, key);
    await test.step(`${key}'s API token reaches its own data (positive control)`, () => expectSessionReaches(check, holder, key, targets));
    held.push({ what: 'API token', token, present, urlParams: URL_TOKEN_PARAMS });
  } else {
    check.coverage.nothingToTry('API token', 'the profile declares no auth.apiToken');
  }
  const nobody = await pool.get(undefined);
  for (const item of held) await tryToken(check, key, item, targets, nobody);
}

async function tryToken(check: TokenCheck, key: string, held: HeldToken, targets: PersonalTarget[], nobody: Awaited<ReturnType<TokenCheck['pool']['get']>>): Promise<void> {
  const { run, ledger, coverage } = check;
  // Under a probe budget each way of presenting a token is covered once, a URL parameter once per
  // route (src/attacks/token-plan.ts); the others are counted skipped.
  const role = run.person(key).role;
  const plan = (vector: string, target: PersonalTarget, depth: number): PlannedProbe => tokenProbe(key, role, vector, target.route, depth, false);
  const urlPlan = (param: string, target: PersonalTarget, depth: number): PlannedProbe => tokenProbe(key, role, `${held.what} as ?${param}=`, target.route, depth, true);
  const urlPlans = targets.flatMap((target, depth) => held.urlParams.map((param) => urlPlan(param, target, depth)));
  const keepUrl = runtimeKeeps(run, urlPlans);
  await test.step(`${key}'s ${held.what} in the URL opens nothing`, async () => {
    for (const [depth, target] of targets.entries()) {
      for (const param of held.urlParams) {
        const vector = `${held.what} as ?${param}=`;
        if (!keepUrl(urlPlan(param, target, depth))) {
          coverage.skipped(target.route.path, vector);
          continue;
        }
        await nobody.request(contextOf(check, 'tokens/url-token', key, target, vector), { method: 'GET', url: withQuery(target.url, param, held.token) });
        coverage.tried(target.route.path, nobody.name, vector);
      }
    }
  });

  const jwt = parseJwt(held.token);
  const own = ownValues(run, key);
  const person = run.person(key);
  const victim = victimsOf(run, key)[0];
  const swap = (value: string): string | undefined => {
    if (!victim) return undefined;
    if (value === person.email) return run.person(victim).email;
    return (own.get(value) ?? []).map((binding) => victimValue(run, victim, binding)).find((swapped) => swapped !== undefined);
  };
  const variants: TokenVariant[] = jwt ? jwtVariants(jwt, swap) : opaqueVariants(held.token);
  ledger.redaction.addSecrets(variants.map((variant) => variant.token));
  if (!jwt) coverage.nothingToTry(`${held.what} (JWT)`, `${key}'s ${held.what} is not a JWT: only truncated and altered copies apply`);
  const keepVariant = runtimeKeeps(run, variants.flatMap((variant) => targets.map((target, depth) => plan(`${held.what}: ${variant.name}`, target, depth))));
  await test.step(`${variants.length} tampered copies of ${key}'s ${held.what} (${jwt ? 'JWT' : 'opaque'}) are refused`, async () => {
    for (const variant of variants) {
      for (const [depth, target] of targets.entries()) {
        const vector = `${held.what}: ${variant.name}`;
        if (!keepVariant(plan(vector, target, depth))) {
          coverage.skipped(target.route.path, vector);
          continue;
        }
        const context = contextOf(check, `tokens/${variant.check}`, variant.swapped && victim ? victim : key, target, vector);
        const exchange = await nobody.request(context, { method: 'GET', url: target.url, headers: held.present(variant.token) });
        coverage.tried(target.route.path, nobody.name, vector);
        // Whoami may answer anybody; a document route answering a forged token is wrong even empty.
        if (target.route.name !== 'whoami' && isSuccess(exchange.status) && exchange.foreign.length === 0) {
          ledger.suspicious(exchange, `${exchange.status} to a tampered ${held.what} of ${key} (${variant.name})`);
        }
      }
    }
  });
}

function sessionToken(check: TokenCheck, credential: SessionCredential): HeldToken {
  const session = check.run.profile.auth.session;
  if (credential.type === 'cookie') {
    const { name } = credential.cookie;
    return { what: 'session', token: credential.cookie.value, present: (token) => ({ cookie: `${name}=${token}` }), urlParams: [...URL_TOKEN_PARAMS, name] };
  }
  const header = session.type === 'bearer' ? (session.header ?? 'Authorization') : 'Authorization';
  const scheme = session.type === 'bearer' ? (session.scheme ?? 'Bearer') : 'Bearer';
  const value = credential.headers[header] ?? '';
  const token = scheme && value.startsWith(`${scheme} `) ? value.slice(scheme.length + 1) : value;
  return { what: 'session', token, present: (forged) => ({ [header]: `${scheme} ${forged}`.trim() }), urlParams: URL_TOKEN_PARAMS };
}

/** A token nobody was given: whoever presents it is nobody to the victim. */
function contextOf(check: TokenCheck, name: string, victimKey: string, target: PersonalTarget, vector: string): ProbeContext {
  return probeContext(check.run, { check: name, routeTemplate: target.route.path, vector, channel: 'api', expectDenied: true }, { victimKey, relationship: 'anonymous' });
}
