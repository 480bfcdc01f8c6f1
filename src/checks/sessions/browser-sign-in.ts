/**
 * A real browser signed in as one person for the session checks: through the login form, or (a
 * single-page app signed in by its script) handed a session logged in through the API, kept where
 * the profile says its page keeps it. And what a sign-out does in that page.
 */
import { test, type BrowserContext, type Page, type Response } from '@playwright/test';
import { TargetError } from '../../errors';
import { typeSecret } from '../../browser/type-secret';
import type { Profile } from '../../profile/types';
import { passwordOf } from '../../provisioning/secrets';
import { browserTokenItem, seedSessionStorage, withBrowserToken } from '../../sign-in/browser-token';
import { limitBrowser } from '../../transport/browser-limiter';
import { FreshSession, type SessionCredential, type SessionWiring } from '../../session/fresh-session';
import { pageQuiet } from '../../session/page-quiet';
import { TIMER_PROBE } from '../../session/page-timers';
import { setCookieLines } from './cookie-attributes';
import type { SessionCheck } from './wiring';

/** What a signed-in browser holds; each part is closed with the check's other sessions (FreshSessions). */
export interface HeldBrowser {
  context?: BrowserContext;
  /** The API session the browser was handed (no login form). */
  session?: FreshSession;
  /** The credential the browser holds, which must open nothing after logout. */
  credential?: SessionCredential;
}

/** The page of a browser signed in as `key`, and what its form login went through (if it had one). */
export async function openSignedInBrowser(check: SessionCheck, checkId: string, wiring: SessionWiring, key: string, held: HeldBrowser): Promise<{ page: Page; login?: FormLogin }> {
  const { run, browser } = check;
  const { profile } = run;
  if (profile.auth.login.form && profile.auth.logout.form) {
    const context = check.sessions.browser(await browser.newContext({ baseURL: run.target.baseURL }));
    held.context = context;
    await limitBrowser(context);
    await context.addInitScript({ content: TIMER_PROBE });
    const page = await context.newPage();
    const login = await test.step(`${key} logs in through the login form`, () => loginThroughForm(wiring, context, page, key));
    return { page, login };
  }
  assertBrowserCanHoldApiSession(profile);
  await test.step(`${key} logs in through the API, and its browser is given that session`, async () => {
    const fresh = await check.sessions.open(key, { check: checkId });
    held.session = fresh;
    const cookies = (await fresh.api.storageState()).cookies;
    const storageState = withBrowserToken({ cookies, origins: [] }, profile, run.target.baseURL, fresh.headers);
    const context = check.sessions.browser(await browser.newContext({ baseURL: run.target.baseURL, storageState }));
    held.context = context;
    const item = browserTokenItem(profile, run.target.baseURL, fresh.headers);
    await seedSessionStorage(context, item ? [item] : []);
    await limitBrowser(context);
    await context.addInitScript({ content: TIMER_PROBE });
  });
  held.credential = await held.session?.credential();
  return { page: await (held.context as BrowserContext).newPage() };
}

/** A browser can be handed an API session only as a cookie, or as a bearer token kept where the profile says the page reads it. */
function assertBrowserCanHoldApiSession(profile: Profile): void {
  const { login, logout } = profile.auth;
  if (!login.api || !(logout.api || logout.form)) {
    throw new TargetError(
      `profile ${profile.name} needs auth.login.form and auth.logout.form, or auth.login.api and auth.logout.api: the back button is proven in a real browser signed in and out`,
    );
  }
}

/**
 * What a sign-out does in the page after the server revoked the session: the token its script
 * kept is removed, then the page is loaded again signed out (it shows whatever it shows a
 * visitor). A session cookie stays in the browser: revoked on the server, it must open nothing.
 */
export async function dropBrowserSession(profile: Profile, page: Page): Promise<void> {
  const session = profile.auth.session;
  if (session.type === 'bearer' && session.browserStorage) {
    const { area, key } = session.browserStorage;
    await page.evaluate(([storage, name]) => window[storage].removeItem(name), [area, key] as const);
  }
  await pageQuiet(page, () => page.reload({ waitUntil: 'load' }));
}

/** What a browser login went through: the Set-Cookie headers of the whole journey, and the session id before and after. */
export interface FormLogin {
  setCookies: string[];
  postPath: string;
  before: string | undefined;
  after: string | undefined;
}

async function loginThroughForm(wiring: SessionWiring, context: BrowserContext, page: Page, key: string): Promise<FormLogin> {
  const { run } = wiring;
  const form = run.profile.auth.login.form;
  if (!form) throw new TargetError('no auth.login.form');
  const sessionId = async (): Promise<string | undefined> => {
    const session = run.profile.auth.session;
    return session.type === 'cookie' ? (await context.cookies()).find((cookie) => cookie.name === session.cookieName)?.value : undefined;
  };
  const headers: Promise<string[]>[] = [];
  let postPath = form.page;
  const onResponse = (response: Response): void => {
    if (response.request().method() === 'POST') postPath = new URL(response.url()).pathname;
    headers.push(response.headersArray().then(setCookieLines));
  };
  page.on('response', onResponse);
  await page.goto(form.page, { waitUntil: 'load' });
  const before = await sessionId();
  await page.locator(form.fields.email).fill(run.person(key).email);
  // The accounts file's password in accounts mode, the run's derived one otherwise; never in a step title.
  await typeSecret(page.locator(form.fields.password), passwordOf(run.profile, run.target.settings, key));
  await page.locator(form.submit).first().click();
  await page.waitForURL(new RegExp(form.successUrl), { waitUntil: 'load' }).catch(() => {
    throw new TargetError(`form login as ${key} did not reach a URL matching ${form.successUrl} (at ${page.url()})`);
  });
  page.off('response', onResponse);
  wiring.addSecrets((await context.cookies()).map((cookie) => cookie.value));
  return { setCookies: (await Promise.all(headers)).flat(), postPath, before, after: await sessionId() };
}

/** Signs out as the person would: the logout form, else the logout API and what the page then does. */
export async function signOutInBrowser(profile: Profile, page: Page, held: HeldBrowser, key: string): Promise<void> {
  const logoutForm = profile.auth.logout.form;
  if (logoutForm) {
    await test.step(`${key} logs out through the logout form`, async () => {
      await page.goto(logoutForm.page, { waitUntil: 'load' });
      const before = page.url();
      await page.locator(logoutForm.submit).first().click();
      await page.waitForURL((url) => url.toString() !== before, { waitUntil: 'load' });
    });
    return;
  }
  const fresh = held.session as FreshSession;
  await test.step(`${key} logs out through the logout API, and its page drops the session as a sign-out does`, async () => {
    await fresh.logout();
    await dropBrowserSession(profile, page);
  });
}
