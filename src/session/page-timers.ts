import type { Page } from '@playwright/test';
import type { VisitWaits } from './visit-options';

/** Timers a page's scripts set for at most this long count as work still to come (a fetch fired a moment after load). */
const SHORT_TIMER_MS = 1_000;

/**
 * Counts the page's pending short timers, so settling waits for a fetch a script fires a moment
 * after load; intervals and long timers (polling, keep-alive) are not waited for.
 */
export const TIMER_PROBE = `(() => {
  const pending = new Set();
  const set = window.setTimeout.bind(window);
  const clear = window.clearTimeout.bind(window);
  window.setTimeout = (handler, delay, ...args) => {
    if (typeof handler !== 'function' || Number(delay) > ${SHORT_TIMER_MS}) return set(handler, delay, ...args);
    const id = set((...inner) => { pending.delete(id); handler(...inner); }, delay, ...args);
    pending.add(id);
    return id;
  };
  window.clearTimeout = (id) => { pending.delete(id); clear(id); };
  Object.defineProperty(window, '__cloisonShortTimers', { value: () => pending.size });
})();`;

/** Short timers the page's scripts still have pending; 0 when the page cannot say (navigated away, closed). */
export async function shortTimers(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __cloisonShortTimers?: () => number }).__cloisonShortTimers?.() ?? 0).catch(() => 0);
}

/**
 * Waits until nothing is `busy` and the page has no short timer pending for a quiet period, or
 * until the settle limit (the caller judges what is still in flight then). True when it settled.
 *
 * Asking the page is also what makes a quiet network mean a page at rest: the answer comes only
 * once the page's running script yields, and a script that spends longer than the quiet period
 * on what it got (parsing a long list) before it asks for more is not done.
 */
export async function waitQuiet(page: Page, waits: Pick<VisitWaits, 'quietMs' | 'settleLimitMs'>, busy: () => boolean): Promise<boolean> {
  const deadline = Date.now() + waits.settleLimitMs;
  let quietSince = Date.now();
  // A timer that fired while the page was being asked may have just sent a request whose event
  // is still on its way: settled means a quiet period *after* the page said no timer is left.
  let noTimerLeft = false;
  while (Date.now() < deadline) {
    if (busy()) {
      quietSince = Date.now();
      noTimerLeft = false;
    } else if (Date.now() - quietSince >= waits.quietMs) {
      if (noTimerLeft) return true;
      noTimerLeft = (await shortTimers(page)) === 0;
      quietSince = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return false;
}
