import { SESSION_CHECKS } from '../check-ids';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page, type Response } from '@playwright/test';
import type { Exchange } from '../../session/exchange';
import { DEFAULT_WAITS } from '../../session/visit-options';
import { judgeAnswer } from '../../session/judge-answer';
import { bodyWithin } from '../../browser/answer-body';
import type { SessionCredential, SessionWiring } from '../../session/fresh-session';
import { rendersInBrowser } from '../controls';
import { notApplicable } from '../not-applicable';
import { nobodysProbe } from '../probe-context';
import { judgeLoginCookies } from './cookie-flags';
import { openSignedInBrowser, signOutInBrowser, type FormLogin, type HeldBrowser } from './browser-sign-in';
import { hiddenSecrets } from './hidden-secrets';
import { pageQuiet, settledContent } from '../../session/page-quiet';
import { logoutTargets, replayAfterLogout } from './logout';
import { personalTarget, type PersonalTarget } from './personal';
import { outsider, partyOf, recordViolation, wiringOf, type SessionCheck } from './wiring';

const CHECK = SESSION_CHECKS.backButton;

/** The rendered personal pages of a person: what the next user of the computer must not get back. */
function personalPages(check: SessionCheck, key: string): PersonalTarget[] {
  return check.run.profile.routes
    .filter((route) => rendersInBrowser(route) && (route.action === 'view' || route.action === 'list'))
    .flatMap((route) => personalTarget(check.run, key, route) ?? []);
}

/**
 * On a shared computer: a person logs in through the browser, opens personal pages, logs out and
 * walks away; the next person presses Back. Nothing personal may be on screen or in what the
 * browser got (answers kept in its cache), and the cookie the browser held opens nothing.
 */
export async function verifyBackAfterLogoutShowsNothing(check: SessionCheck, key: string): Promise<void> {
  const { profile } = check.run;
  const throughForms = Boolean(profile.auth.login.form && profile.auth.logout.form);
  // Without forms (a single-page app signed in by its script), the browser is handed a session
  // logged in through the API, where the profile says the page keeps it.
  if (!throughForms && profile.auth.session.type === 'bearer' && !profile.auth.session.browserStorage) {
    notApplicable(`profile ${profile.name} declares no browser session (no login form, no auth.session.browserStorage for its bearer token): no browser to press Back in`);
    return;
  }
  const wiring = wiringOf(check);
  const pages = personalPages(check, key);
  if (pages.length === 0) throw new Error(`${key} has no personal page among the profile's rendered routes: nothing to prove`);
  const held: HeldBrowser = {};
  const { page, login } = await openSignedInBrowser(check, CHECK, wiring, key, held);
  if (login) {
    judgeLoginCookies(check, key, login.setCookies, { routeTemplate: `POST ${login.postPath}`, channel: 'ui', method: 'POST' });
    judgeFormLoginRotation(check, key, login);
  }
  const context = held.context as BrowserContext;

  await test.step(`${key} opens ${pages.map((target) => target.route.path).join(', ')} and sees its data (positive control)`, async () => {
    for (const target of pages) {
      // Pages that build their content with fetch are judged once their scripts are done.
      await pageQuiet(page, () => page.goto(target.url, { waitUntil: 'load' }));
      // The screen is read again until the limit: a script may still be building it from what it
      // got (a busy machine), and the owner's data shown late proves as much as shown at once.
      const shown = async (): Promise<boolean> => wiring.scanner.scan({ body: Buffer.from(await settledContent(page)), headers: {}, contentType: 'text/html' }).evidence.some((item) => target.proves(item));
      await expect
        .poll(shown, { message: `positive control failed: ${key} does not see its data on ${target.route.path}: Back after logout would prove nothing`, timeout: DEFAULT_WAITS.settleLimitMs })
        .toBe(true);
    }
  });

  const sessionSpec = profile.auth.session;
  const cookie = (await context.cookies()).find((candidate) => sessionSpec.type === 'cookie' && candidate.name === sessionSpec.cookieName);
  const heldCredential: SessionCredential | undefined = cookie ? { type: 'cookie', cookie: { ...cookie, sameSite: cookie.sameSite } } : held.credential;
  await signOutInBrowser(profile, page, held, key);

  await test.step('Back, page after page: nothing personal on screen or in what the browser got', () => walkBack(check, wiring, context, page, key, pages));

  if (heldCredential) {
    const credential = heldCredential;
    await test.step(`the ${credential.type === 'cookie' ? 'cookie' : 'token'} the browser held before logout opens nothing`, () =>
      replayAfterLogout(check, key, credential, logoutTargets(check, key), `replay-${credential.type}-after-${profile.auth.logout.form ? 'form' : 'api'}-logout`),
    );
  }
}

/** The browser's session id must change at login, as over the API (see fixation.ts). */
function judgeFormLoginRotation(check: SessionCheck, key: string, login: FormLogin): void {
  if (login.before === undefined || login.before !== login.after) return;
  recordViolation(check.ledger, {
    check: SESSION_CHECKS.fixation,
    attacker: outsider('session-planter'),
    victim: partyOf(check.run, key),
    routeTemplate: `POST ${login.postPath}`,
    vector: 'form-login-keeps-pre-login-id',
    channel: 'ui',
    severity: 'high',
    detail: `the session id the login page gave the browser is still ${key}'s session id after login (not rotated)`,
    request: { method: 'POST', url: login.postPath, headers: {} },
    references: { cwe: ['CWE-384'], wstg: ['WSTG-SESS-03'], owasp: ['ASVS 4.0.3 V3.2.1'] },
  });
}

async function walkBack(check: SessionCheck, wiring: SessionWiring, context: BrowserContext, page: Page, key: string, pages: PersonalTarget[]): Promise<void> {
  const judged: Promise<void>[] = [];
  // Bounded as every browser answer is: a body that never ends is unscanned, never a pass.
  const judgeResponse = async (response: Response): Promise<void> => {
    const read = await bodyWithin(response, DEFAULT_WAITS.bodyMs);
    const unread = 'late' in read ? [`body: ${read.late}`] : [];
    report(check, wiring, key, pages, { url: response.url(), status: response.status(), headers: await response.allHeaders(), body: 'body' in read ? read.body : Buffer.alloc(0), unread });
  };
  context.on('response', (response) => void judged.push(judgeResponse(response)));
  let screenshots = 0;
  // Every history entry back to where the browser started: the pages opened, and the pages before them.
  for (let step = 0; step < pages.length + 3; step++) {
    const before = page.url();
    const response = await pageQuiet(page, () => page.goBack({ waitUntil: 'load' }));
    const exchange = report(check, wiring, key, pages, { url: page.url(), status: response?.status() ?? 200, headers: {}, body: Buffer.from(await settledContent(page)) });
    if (exchange && exchange.foreign.length > 0) {
      const screenshot = join(wiring.screenshotDir, `${key}-back-${test.info().workerIndex}-${++screenshots}.png`);
      mkdirSync(wiring.screenshotDir, { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
      exchange.screenshot = screenshot;
    }
    if (response === null && page.url() === before) break;
  }
  await Promise.all(judged);
}

/** The profile route an answer came from (a page, or what its script fetched), so the finding id is stable. */
function routeTemplateOf(check: SessionCheck, pages: PersonalTarget[], url: string): string {
  const { pathname } = new URL(url);
  const opened = pages.find((target) => new URL(target.url, url).pathname === pathname);
  if (opened) return opened.route.path;
  const matches = (template: string): boolean => {
    const [path = ''] = template.split('?');
    const pattern = path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
    return new RegExp(`^${pattern}$`).test(pathname);
  };
  return check.run.profile.routes.find((route) => matches(route.path))?.path ?? pathname;
}

/**
 * Whatever reached the screen or the browser after logout is the next user's, judged by the one
 * judge as nobody's: any marker in it is a leak, and nothing in it is an echo of the next user's.
 */
function report(check: SessionCheck, wiring: SessionWiring, key: string, pages: PersonalTarget[], seen: { url: string; status: number; headers: Record<string, string>; body: Buffer; unread?: string[] }): Exchange | undefined {
  if (!/^https?:/.test(seen.url)) return undefined;
  const probe = { check: CHECK, routeTemplate: routeTemplateOf(check, pages, seen.url), vector: 'back-after-logout', channel: 'ui' as const, expectDenied: true };
  const receiver = { name: 'anonymous', scanner: wiring.scanner, visibleOwners: new Set<string>(), sink: wiring.sink, replaysOthers: true };
  const exchange = judgeAnswer(receiver, nobodysProbe(check.run, probe, key), { method: 'GET', url: seen.url, headers: {} }, seen.status, seen.headers, seen.body, seen.unread);
  // The redactor must know the page's CSRF token before the finding is written (at the test's end).
  if (exchange.foreign.length > 0 || exchange.unscanned.length > 0) wiring.addSecrets(hiddenSecrets(seen.body.toString('utf8')));
  return exchange;
}
