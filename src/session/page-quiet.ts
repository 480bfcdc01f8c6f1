import type { Page, Request } from '@playwright/test';

const QUIET_MS = 40;
const LIMIT_MS = 5_000;

/**
 * Resolves once a page has had no request in flight for a short quiet period (its scripts have
 * fetched what they build the page from). Playwright's `networkidle` waits a fixed half second per
 * page, which the back-button walk pays a dozen times per person.
 */
export async function pageQuiet<T>(page: Page, action: () => Promise<T>): Promise<T> {
  const pending = new Set<Request>();
  const started = (request: Request): void => void pending.add(request);
  const ended = (request: Request): void => void pending.delete(request);
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    const result = await action();
    const deadline = Date.now() + LIMIT_MS;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      if (pending.size > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= QUIET_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return result;
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
}
