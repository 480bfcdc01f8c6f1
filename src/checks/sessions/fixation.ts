import { SESSION_CHECKS } from '../check-ids';
import { request, test } from '@playwright/test';
import type { RunContext } from '../../run/context';
import { plantedCookie, type SessionCredential, type StoredCookie } from '../../session/fresh-session';
import { limited } from '../../transport/limiter';
import { notApplicable } from '../not-applicable';
import { nobodysProbe, onRoute } from '../probe-context';
import { whoamiTarget } from './personal';
import { outsider, partyOf, recordViolation, wiringOf, type SessionCheck } from './wiring';

const CHECK = SESSION_CHECKS.fixation;
const REFERENCES = { cwe: ['CWE-384'], wstg: ['WSTG-SESS-03'], owasp: ['ASVS 4.0.3 V3.2.1'] };

function loginRoute(run: RunContext): string {
  const login = run.profile.auth.login.api;
  return login ? `${login.method} ${login.path}` : 'login';
}

/** The session cookies a browser holds when it reaches the login page, before anyone signs in. */
async function preLoginCookies(run: RunContext, name: string): Promise<StoredCookie[]> {
  const page = run.profile.auth.login.form?.page;
  if (!page) return [];
  const api = await request.newContext({ baseURL: run.target.baseURL });
  try {
    await limited(() => api.get(page, { failOnStatusCode: false, maxRedirects: 0 }));
    return (await api.storageState()).cookies.filter((cookie) => cookie.name === name);
  } finally {
    await api.dispose();
  }
}

/**
 * Login issues a new session id: the id a browser held before login (issued by the login page, or
 * planted by an attacker who then waits for the victim to sign in) is not the signed-in one, and
 * opens nothing afterwards.
 */
export async function verifyLoginRotatesSession(check: SessionCheck, key: string): Promise<void> {
  const { run, ledger } = check;
  const session = run.profile.auth.session;
  const wiring = wiringOf(check);
  if (session.type === 'bearer') {
    notApplicable('the session is a bearer token issued by the login answer: no session id exists before login to be fixed');
    return;
  }
  const issued = await preLoginCookies(run, session.cookieName);
  const vectors: { name: string; cookies: StoredCookie[] }[] = [{ name: 'planted-session-id', cookies: [plantedCookie(run, session.cookieName)] }];
  if (issued.length > 0) vectors.push({ name: 'pre-login-session-id', cookies: issued });
  for (const vector of vectors) {
    const before = vector.cookies[0];
    if (!before) continue;
    wiring.addSecrets([before.value]);
    await test.step(`${key} signs in holding a ${vector.name}; the id changes and the old one opens nothing`, async () => {
      const fresh = await check.sessions.open(key, { check: CHECK, planted: vector.cookies });
      const after = await fresh.credential();
      if (after.type === 'cookie' && after.cookie.value === before.value) {
        recordViolation(ledger, {
          check: CHECK,
          attacker: outsider('session-planter'),
          victim: partyOf(run, key),
          routeTemplate: loginRoute(run),
          vector: vector.name,
          channel: 'api',
          severity: 'high',
          detail: `the session id held before login is the signed-in session id of ${key} (not rotated at login)`,
          request: { method: run.profile.auth.login.api?.method ?? 'POST', url: run.profile.auth.login.api?.path ?? '', headers: {} },
          references: REFERENCES,
        });
      }
      const holder = check.sessions.holder({ type: 'cookie', cookie: before });
      const whoami = whoamiTarget(run, key);
      // The planter holds the old id: if it is signed in as the victim, whoami shows the victim's e-mail (a leak).
      await holder.request(nobodysProbe(run, { ...onRoute(CHECK, whoami.route, vector.name, true), channel: 'api' }, key), { method: 'GET', url: whoami.url });
      await fresh.logout();
    });
  }
}

const sameCredential = (a: SessionCredential, b: SessionCredential): boolean =>
  a.type === 'cookie' && b.type === 'cookie' ? a.cookie.value === b.cookie.value : JSON.stringify(a) === JSON.stringify(b);

/**
 * Each login issues its own session: two logins of one person, one right after the other, never
 * receive the same cookie or token. The same one is token reuse (not fixation: nobody planted it),
 * and whoever holds one login's credential holds every later one's session.
 */
export async function verifyLoginsGetDistinctSessions(check: SessionCheck, key: string): Promise<void> {
  const { run, ledger } = check;
  const first = await check.sessions.open(key, { check: SESSION_CHECKS.tokenReuse });
  const second = await check.sessions.open(key, { check: SESSION_CHECKS.tokenReuse });
  const [one, two] = [await first.credential(), await second.credential()];
  if (sameCredential(one, two)) {
    recordViolation(ledger, {
      check: SESSION_CHECKS.tokenReuse,
      attacker: outsider('token-holder'),
      victim: partyOf(run, key),
      routeTemplate: loginRoute(run),
      vector: `same-${one.type}-at-each-login`,
      channel: 'api',
      severity: 'high',
      detail: `two logins of ${key} were given the same session ${one.type === 'cookie' ? 'cookie' : 'token'}`,
      references: REFERENCES,
    });
  }
  await second.logout();
  await first.logout();
}
