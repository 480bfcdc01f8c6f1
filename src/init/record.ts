import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from '../browser/chromium';
import { idKindOf } from '../discovery/ids';
import { decodeOrKeep } from '../util/lenient';
import type { Har, HarHints } from './har';

export interface RecordOptions {
  start: string;
  user: string;
  password: string;
  maxPages?: number;
}

const LOGOUT = /log.?out|sign.?out|d[ée]connexion|d[ée]connecter/i;
const DESTRUCTIVE = /delete|supprim|remove/i;
const DOWNLOAD = /download|t[ée]l[ée]charg/i;
// A string, not a function: the TypeScript loader would add helpers the page does not have.
const READ_STORAGE = `['localStorage', 'sessionStorage'].flatMap((area) => Object.keys(window[area]).map((key) => ({ area, key, value: window[area].getItem(key) || '' })))`;

/**
 * One identity signs in, in real Chromium, and a crawler walks the UI within the start page's
 * origin; every request is recorded as a HAR. The HAR holds the password and the session: it is
 * kept in a private temporary folder and removed before this returns; only what init reads of
 * it leaves (the HAR object, in memory).
 */
export async function recordSession(options: RecordOptions): Promise<{ har: Har; hints: HarHints }> {
  const origin = new URL(options.start).origin;
  const folder = mkdtempSync(path.join(tmpdir(), 'cloison-record-'));
  const harPath = path.join(folder, 'session.har');
  const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });
  let storage: HarHints['storage'];
  let logoutAsked = 0;
  let loginAnswer: string | undefined;
  try {
    const context = await browser.newContext({ recordHar: { path: harPath, content: 'embed', mode: 'full' } });
    // Nothing outside the portal's origin is fetched while recording. A page that leaves as soon as
    // it signed in takes the login's answer (where the token is) out of the HAR: the login is
    // fetched here and its answer read before the page gets it.
    await context.route('**/*', async (route) => {
      if (new URL(route.request().url()).origin !== origin) return route.abort();
      if (!(route.request().postData() ?? '').includes(options.password)) return route.continue();
      const response = await route.fetch({ maxRedirects: 0 });
      loginAnswer = await response.text().catch(() => undefined);
      return route.fulfill({ response });
    });
    const page = await context.newPage();
    await page.goto(options.start);
    await signIn(page, options.user, options.password);
    const home = page.url();
    storage = await page.evaluate<NonNullable<HarHints['storage']>>(READ_STORAGE);
    await crawl(page, origin, options.maxPages ?? 25);
    await page.goto(home);
    await settle(page);
    logoutAsked = Date.now();
    await signOut(page);
    // Requests still in flight as the context closes are of no interest to the draft.
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  } finally {
    await browser.close();
  }
  try {
    const har = JSON.parse(readFileSync(harPath, 'utf8')) as Har;
    const login = har.log.entries.find((entry) => (entry.request.postData?.text ?? '').includes(options.password) || (entry.request.postData?.params ?? []).some((param) => param.value === options.password));
    if (login?.response.content && !login.response.content.text && loginAnswer !== undefined) login.response.content.text = loginAnswer;
    const logoutFrom = har.log.entries.findIndex((entry) => Date.parse(entry.startedDateTime ?? '') >= logoutAsked);
    return { har, hints: { origin, user: options.user, password: options.password, storage, ...(logoutFrom >= 0 ? { logoutFrom } : {}) } };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function signIn(page: Page, user: string, password: string): Promise<void> {
  const secret = page.locator('input[type=password]').first();
  await secret.waitFor({ timeout: 15_000 }).catch(() => {
    throw new Error(`no password field on ${page.url()}: give the login page as the start URL`);
  });
  const form = page.locator('form', { has: secret }).first();
  const scope = (await form.count()) > 0 ? form : page.locator('body');
  const name = scope.locator('input[type=email], input[autocomplete=username], input[type=text]').first();
  await name.fill(user);
  await secret.fill(password);
  const before = page.url();
  await secret.press('Enter');
  await page.waitForURL((url) => url.toString() !== before, { timeout: 15_000 }).catch(() => undefined);
  await settle(page);
  if ((await page.locator('input[type=password]').count()) > 0 && page.url() === before) throw new Error(`the login at ${before} did not sign ${user} in (still on the form)`);
}

/**
 * Follows same-origin links breadth-first; never what looks like a sign-out or a destructive action.
 * On each page it also uses what a person uses without writing anything: the search forms (with a
 * word of the page's own links to objects, so that the search finds something) and the download
 * buttons, whose requests a page's script makes (a token in a header cannot ride on a link).
 */
async function crawl(page: Page, origin: string, maxPages: number): Promise<void> {
  const queue = [page.url()];
  const seen = new Set(queue.map(normal));
  let pages = 0;
  while (queue.length > 0 && pages < maxPages) {
    const url = queue.shift() as string;
    pages++;
    const answer = await page.goto(url).catch(() => null);
    if (!answer || !/html/i.test(answer.headers()['content-type'] ?? '')) continue;
    await settle(page);
    const links = await page.$$eval('a[href]', (anchors) => anchors.map((anchor) => ({ href: (anchor as HTMLAnchorElement).href, text: anchor.textContent ?? '' })));
    for (const link of links) {
      const target = new URL(link.href);
      if (target.origin !== origin || LOGOUT.test(link.href) || LOGOUT.test(link.text) || DESTRUCTIVE.test(link.text)) continue;
      if (seen.has(normal(link.href))) continue;
      seen.add(normal(link.href));
      queue.push(link.href);
    }
    await clickDownloads(page);
    await search(page, searchWord(links.filter((link) => new URL(link.href).origin === origin)));
  }
}

/** Buttons that download (no link to follow: the page's script fetches the bytes). */
async function clickDownloads(page: Page): Promise<void> {
  const buttons = page.locator('button[type=button], [role=button]').filter({ hasText: DOWNLOAD }).filter({ hasNotText: DESTRUCTIVE });
  const count = Math.min(await buttons.count(), 3);
  for (let index = 0; index < count; index++) {
    await untilQuiet(page, async () => {
      const download = page.waitForEvent('download', { timeout: 5_000 }).catch(() => undefined);
      await buttons.nth(index).click({ timeout: 5_000 }).catch(() => undefined);
      await (await download)?.cancel().catch(() => undefined);
    });
  }
}

/** Submits the page's search forms (a GET, or a form its script answers) with `word`. */
async function search(page: Page, word: string | undefined): Promise<void> {
  if (!word) return;
  const forms = page.locator('form[role=search], form:has(input[type=search])');
  const count = Math.min(await forms.count(), 2);
  for (let index = 0; index < count; index++) {
    const form = forms.nth(index);
    if (!/^(get)?$/i.test((await form.getAttribute('method').catch(() => null)) ?? '')) continue;
    const input = form.locator('input[type=search], input[type=text], input:not([type])').first();
    if ((await input.count()) === 0) continue;
    await input.fill(word, { timeout: 5_000 }).catch(() => undefined);
    await untilQuiet(page, () => input.press('Enter', { timeout: 5_000 }).catch(() => undefined));
  }
}

/** The longest word of the links to objects (a segment shaped like an id): a title, likely found by a search. */
function searchWord(links: readonly { href: string; text: string }[]): string | undefined {
  const isId = (segment: string): boolean => segment !== '' && ![undefined, 'fileName'].includes(idKindOf(decodeOrKeep(segment)));
  const toObjects = links.filter((link) => new URL(link.href).pathname.split('/').some(isId));
  const words = toObjects.flatMap((link) => link.text.split(/[^\p{L}\p{N}]+/u)).filter((word) => word.length >= 3 && /^\p{L}+$/u.test(word));
  return words.sort((a, b) => b.length - a.length)[0];
}

async function signOut(page: Page): Promise<void> {
  const candidates = page.locator('button, a, input[type=submit]').filter({ hasText: LOGOUT });
  if ((await candidates.count()) > 0) await candidates.first().click().catch(() => undefined);
  else {
    // A sign-out form whose button says something else: found by where it posts.
    const forms = page.locator('form');
    for (let index = 0; index < (await forms.count()); index++) {
      const form = forms.nth(index);
      if (!LOGOUT.test((await form.getAttribute('action')) ?? '')) continue;
      await form.locator('button, input[type=submit]').first().click().catch(() => undefined);
      break;
    }
  }
  await settle(page);
}

/**
 * Runs `act`, then waits until the requests it caused are over (5 s at most): a page that already
 * loaded is "network idle" at once, and a request cut short by the next navigation has no answer.
 */
async function untilQuiet(page: Page, act: () => Promise<unknown>): Promise<void> {
  let inFlight = 0;
  let last = Date.now();
  const started = (): void => {
    inFlight += 1;
    last = Date.now();
  };
  const ended = (): void => {
    inFlight -= 1;
    last = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    await act();
    const deadline = Date.now() + 5_000;
    while ((inFlight > 0 || Date.now() - last < 300) && Date.now() < deadline) await page.waitForTimeout(50);
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
}

/**
 * Until the page's scripts have fetched what they render (its links among them); a busy machine
 * takes seconds. A portal that never goes quiet (it polls) is waited for once, briefly after that.
 */
const settling = new WeakMap<Page, number>();
async function settle(page: Page): Promise<void> {
  const timeout = settling.get(page) ?? 20_000;
  const quiet = await page.waitForLoadState('networkidle', { timeout }).then(() => true, () => false);
  if (!quiet) settling.set(page, 5_000);
}

function normal(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}
