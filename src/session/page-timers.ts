import type { Page } from '@playwright/test';

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
