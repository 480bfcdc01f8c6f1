import { SESSION_CHECKS } from '../check-ids';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page, type Response } from '@playwright/test';
import type { Exchange, ProbeContext } from '../../session/exchange';
import type { SessionCredential, SessionWiring } from '../../session/fresh-session';
import { rendersInBrowser } from '../controls';
import { notApplicable } from '../not-applicable';
import { judgeLoginCookies } from './cookie-flags';
import { openSignedInBrowser, signOutInBrowser, type FormLogin, type HeldBrowser } from './browser-sign-in';
import { hiddenSecrets } from './hidden-secrets';
import { pageQuiet } from '../../session/page-quiet';
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
  try {
    const { page, login } = await openSignedInBrowser(check, wiring, key, held);
    if (login) {
      judgeLoginCookies(check, key, login.setCookies, { routeTemplate: `POST ${login.postPath}`, channel: 'ui', method: 'POST' });
      judgeFormLoginRotation(check, key, login);
    }
    const context = held.context as BrowserContext;

    await test.step(`${key} opens ${pages.map((target) => target.route.path).join(', ')} and sees its data (positive control)`, async () => {
      for (const target of pages) {
        // Pages that build their content with fetch are judged once their scripts are done.
        await pageQuiet(page, () => page.goto(target.url, { waitUntil: 'load' }));
        const { evidence } = wiring.scanner.scan({ body: Buffer.from(await page.content()), headers: {}, contentType: 'text/html' });
        expect(evidence.some((item) => target.proves(item)), `positive control failed: ${key} does not see its data on ${target.route.path}: Back after logout would prove nothing`).toBe(true);
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
        replayAfterLogout(check, wiring, key, credential, logoutTargets(check, key), `replay-${credential.type}-after-${profile.auth.logout.form ? 'form' : 'api'}-logout`),
      );
    }
  } finally {
    await held.context?.close();
    await held.session?.dispose();
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
  const judgeAnswer = async (response: Response): Promise<void> => {
    const body = await response.body().catch(() => Buffer.alloc(0));
    report(check, wiring, key, pages, { url: response.url(), status: response.status(), headers: await response.allHeaders(), body });
  };
  context.on('response', (response) => void judged.push(judgeAnswer(response)));
  let screenshots = 0;
  // Every history entry back to where the browser started: the pages opened, and the pages before them.
  for (let step = 0; step < pages.length + 3; step++) {
    const before = page.url();
    const response = await pageQuiet(page, () => page.goBack({ waitUntil: 'load' }));
    const body = Buffer.from(await page.content());
    const screenshot = join(wiring.screenshotDir, `${key}-back-${test.info().workerIndex}-${++screenshots}.png`);
    const { evidence } = wiring.scanner.scan({ body, headers: {}, contentType: 'text/html' });
    if (evidence.length > 0) {
      mkdirSync(wiring.screenshotDir, { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    report(check, wiring, key, pages, { url: page.url(), status: response?.status() ?? 200, headers: {}, body, screenshot: evidence.length > 0 ? screenshot : undefined });
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

/** Whatever reached the screen or the browser after logout is the next user's: any marker in it is a leak. */
function report(check: SessionCheck, wiring: SessionWiring, key: string, pages: PersonalTarget[], seen: { url: string; status: number; headers: Record<string, string>; body: Buffer; screenshot?: string }): void {
  if (!/^https?:/.test(seen.url)) return;
  const { evidence, cuts } = wiring.scanner.scan({ body: seen.body, headers: seen.headers, contentType: seen.headers['content-type'] });
  if (evidence.length === 0 && cuts.length === 0) return;
  wiring.addSecrets(hiddenSecrets(seen.body.toString('utf8')));
  const route = routeTemplateOf(check, pages, seen.url);
  const context: ProbeContext = { check: CHECK, routeTemplate: route, vector: 'back-after-logout', channel: 'ui', victimKey: key, relationship: 'anonymous', expectDenied: true };
  const exchange: Exchange = {
    identity: 'anonymous',
    context,
    request: { method: 'GET', url: seen.url, headers: {} },
    status: seen.status,
    headers: seen.headers,
    contentType: seen.headers['content-type'],
    text: seen.body.subarray(0, 256 * 1024).toString('utf8'),
    evidence,
    foreign: evidence,
    unscanned: cuts,
    ...(seen.screenshot ? { screenshot: seen.screenshot } : {}),
  };
  if (evidence.length > 0) check.ledger.leak(exchange);
  if (cuts.length > 0) check.ledger.unscanned(exchange);
}
