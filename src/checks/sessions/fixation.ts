import { request, test } from '@playwright/test';
import type { RunContext } from '../../run/context';
import { credentialHolder, FreshSession, plantedCookie, type StoredCookie } from '../../session/fresh-session';
import { limited } from '../../session/limiter';
import { whoamiTarget } from './personal';
import { outsider, partyOf, recordViolation, wiringOf, type SessionCheck } from './wiring';

const CHECK = 'sessions/fixation';
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
    await verifyBearerTokensDiffer(check, key);
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
      const fresh = await FreshSession.open(wiring, key, { planted: vector.cookies });
      try {
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
        const holder = await credentialHolder(wiring, { type: 'cookie', cookie: before });
        try {
          const whoami = whoamiTarget(run, key);
          // The planter holds the old id: if it is signed in as the victim, whoami shows the victim's e-mail (a leak).
          await holder.request(
            { check: CHECK, routeTemplate: whoami.route.path, vector: vector.name, channel: 'api', victimKey: key, relationship: 'anonymous', expectDenied: true },
            { method: 'GET', url: whoami.url },
          );
        } finally {
          await holder.dispose();
        }
        await fresh.logout();
      } finally {
        await fresh.dispose();
      }
    });
  }
}

/** A bearer token is issued per login: two logins of one person never share a token. */
async function verifyBearerTokensDiffer(check: SessionCheck, key: string): Promise<void> {
  const { run, ledger } = check;
  const wiring = wiringOf(check);
  const first = await FreshSession.open(wiring, key);
  const second = await FreshSession.open(wiring, key).catch(async (error: unknown) => {
    await first.dispose();
    throw error;
  });
  try {
    if (JSON.stringify(first.headers) === JSON.stringify(second.headers)) {
      recordViolation(ledger, {
        check: CHECK,
        attacker: outsider('token-holder'),
        victim: partyOf(run, key),
        routeTemplate: loginRoute(run),
        vector: 'same-token-at-each-login',
        channel: 'api',
        severity: 'high',
        detail: `two logins of ${key} were given the same bearer token`,
        references: REFERENCES,
      });
    }
    await first.logout();
    await second.logout();
  } finally {
    await first.dispose();
    await second.dispose();
  }
}
