import { SESSION_CHECKS } from '../check-ids';
import { TargetError } from '../../errors';
import type { Channel } from '../../findings/types';
import { notApplicable } from '../not-applicable';
import { parseSetCookie, sessionCookieProblems, setCookieLines } from './cookie-attributes';
import { outsider, partyOf, recordViolation, type SessionCheck } from './wiring';

const CHECK = SESSION_CHECKS.cookieFlags;
const SEVERITY = { HttpOnly: 'medium', SameSite: 'medium', Secure: 'high' } as const;

/** Judges the session cookie among Set-Cookie headers a login answered with; every missing attribute is a finding. */
export function judgeLoginCookies(check: SessionCheck, key: string, setCookies: string[], where: { routeTemplate: string; channel: Channel; method: string }): void {
  const { run, ledger } = check;
  const session = run.profile.auth.session;
  if (session.type !== 'cookie') return;
  // The last one set wins, as in the browser (a login page may set an anonymous session before the signed-in one).
  const cookie = setCookies
    .map((header) => parseSetCookie(header))
    .filter((candidate) => candidate?.name === session.cookieName && !candidate.expires && candidate.value !== '')
    .at(-1);
  if (!cookie) throw new TargetError(`login as ${key} through ${where.routeTemplate} set no "${session.cookieName}" cookie: the profile's auth.session does not match the target`);
  const overHttps = new URL(run.target.baseURL).protocol === 'https:';
  for (const problem of sessionCookieProblems(cookie, overHttps)) {
    recordViolation(ledger, {
      check: CHECK,
      attacker: outsider(problem.attribute === 'HttpOnly' ? 'injected-script' : problem.attribute === 'SameSite' ? 'cross-site-page' : 'network-eavesdropper'),
      victim: partyOf(run, key),
      routeTemplate: where.routeTemplate,
      vector: `${where.channel === 'ui' ? 'form-login' : 'api-login'}:set-cookie:${problem.attribute}`,
      channel: where.channel,
      severity: SEVERITY[problem.attribute],
      detail: problem.detail,
      request: { method: where.method, url: where.routeTemplate, headers: {} },
      references: { cwe: [problem.cwe], wstg: ['WSTG-SESS-02'], owasp: ['ASVS 4.0.3 V3.4.2'] },
    });
  }
}

/**
 * The session cookie is HttpOnly, SameSite (Lax or Strict) and, when the target is served over
 * HTTPS, Secure, as set by the login answer itself.
 */
export async function verifySessionCookieFlags(check: SessionCheck, key: string): Promise<void> {
  const { run } = check;
  const login = run.profile.auth.login.api;
  if (run.profile.auth.session.type !== 'cookie' || !login) {
    // A bearer session has no cookie to protect; the browser journey judges form-login cookies.
    notApplicable(run.profile.auth.session.type !== 'cookie' ? 'the session is a bearer token: no session cookie to judge' : 'no auth.login.api: the session cookie of the login form is judged by the login form test');
    return;
  }
  const session = await check.sessions.open(key, { check: CHECK });
  const setCookies = setCookieLines(session.loginResponse.headersArray());
  judgeLoginCookies(check, key, setCookies, { routeTemplate: `${login.method} ${login.path}`, channel: 'api', method: login.method });
  await session.logout();
}
