import type { Page, Request } from '@playwright/test';
import { waitQuiet } from './page-timers';

export interface QuietWaits {
  /** Nothing sent and nothing received for this long: the page's scripts are done. */
  quietMs: number;
  /** Requests still waiting for their answer, answers still arriving or short timers still set, after this long make the wait an error. */
  limitMs: number;
}

const WAITS: QuietWaits = { quietMs: 40, limitMs: 15_000 };

/**
 * Resolves once a page is quiet: no request waits for its answer and nothing has arrived for a
 * short period (its scripts have fetched what they build the page from). Playwright's
 * `networkidle` waits a fixed half second per page, which the back-button walk pays a dozen times
 * per person.
 *
 * "Finished" is not what is waited for: Chromium reports a fetch finished only once the page has
 * read its body, so a script that drops the body of an answer it does not want (a 401 after
 * logout, on a page Back brought from the cache) leaves it open for good. An answer is in when
 * its headers are and its bytes stopped coming (Network.dataReceived): a body the page reads
 * keeps arriving, one it drops stops at the browser's buffer. A page still waiting at the limit
 * is an error: what it would have shown was never seen. Quiet is also asked of the page itself
 * (see waitQuiet): a script busy with what it received, or with a short timer pending, has more
 * to fetch.
 */
export async function pageQuiet<T>(page: Page, action: () => Promise<T>, waits: Partial<QuietWaits> = {}): Promise<T> {
  const { quietMs, limitMs } = { ...WAITS, ...waits };
  const waiting = new Set<Request>();
  let lastActivity = Date.now();
  const sent = (request: Request): void => {
    waiting.add(request);
    lastActivity = Date.now();
  };
  const answered = (request: Request): void => {
    waiting.delete(request);
    lastActivity = Date.now();
  };
  const onResponse = (response: { request(): Request }): void => answered(response.request());
  const cdp = await page.context().newCDPSession(page);
  const received = (): void => void (lastActivity = Date.now());
  cdp.on('Network.dataReceived', received);
  await cdp.send('Network.enable');
  page.on('request', sent);
  page.on('response', onResponse);
  page.on('requestfinished', answered);
  page.on('requestfailed', answered);
  try {
    const result = await action();
    if (await waitQuiet(page, { quietMs, settleLimitMs: limitMs }, () => waiting.size > 0 || Date.now() - lastActivity < quietMs)) return result;
    const open = [...waiting].map((request) => `${request.method()} ${request.url()}`);
    throw new Error(
      open.length > 0
        ? `${page.url()}: ${open.length} request(s) still without an answer ${limitMs / 1000} s after the page loaded, so what it shows was not seen whole: ${open.slice(0, 3).join('; ')}`
        : `${page.url()}: answers still arriving or a short timer still set ${limitMs / 1000} s after the page loaded, so what it shows was not seen whole`,
    );
  } finally {
    page.off('request', sent);
    page.off('response', onResponse);
    page.off('requestfinished', answered);
    page.off('requestfailed', answered);
    cdp.off('Network.dataReceived', received);
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * The page's HTML once it holds still: Chromium refuses `page.content()` while a navigation is
 * under way (Back, or a script that moves on right after load, lands there on a busy machine), and
 * that refusal is no reason to give up the check. Waits for the navigation to load and asks again,
 * within the same limit as a quiet page; a page still moving at the limit is an error.
 */
export async function settledContent(page: Page, limitMs = WAITS.limitMs): Promise<string> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      return await page.content();
    } catch (error) {
      if (!(error instanceof Error) || !/navigating/i.test(error.message) || Date.now() >= deadline) throw error;
      await page.waitForLoadState('load', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
    }
  }
}
