import type { BrowserContext, Request } from '@playwright/test';
import { assertTargetAlive } from './breaker';
import { runLimiter, unlimited } from './limiter';

/** How long a lease waits for the browser to follow a redirect before it is given back. */
const REDIRECT_GRACE_MS = 2_000;

/**
 * Puts every request a browser context sends (navigations, sub-resources, what its scripts fetch)
 * under the run's limiter: each waits for a lease before it leaves, and holds it until its answer
 * is in. The browser follows redirects without asking again, so a redirect's lease is handed to
 * the request that follows it.
 */
export async function limitBrowser(context: BrowserContext): Promise<void> {
  const limiter = runLimiter();
  // No ceiling (loopback): no interception either, it costs every request a round trip. The
  // circuit breaker then sees the pages' failures where they are opened (Identity.visit).
  if (limiter === unlimited) return;
  const leases = new Map<Request, () => void>();
  const end = (request: Request): void => {
    const release = leases.get(request);
    leases.delete(request);
    release?.();
  };
  context.on('request', (request) => {
    const from = request.redirectedFrom();
    const release = from ? leases.get(from) : undefined;
    if (from && release) {
      leases.delete(from);
      leases.set(request, release);
    }
    if (from) limiter.charge();
  });
  context.on('requestfinished', (request) => {
    void request.response().then((response) => {
      const status = response?.status() ?? 0;
      if (status >= 300 && status < 400 && response?.headers().location) setTimeout(() => end(request), REDIRECT_GRACE_MS).unref();
      else end(request);
    }, () => end(request));
  });
  context.on('requestfailed', end);
  // A download never finishes as a page request: its answer is all the page gets.
  context.on('response', (response) => {
    if (/attachment/i.test(response.headers()['content-disposition'] ?? '')) end(response.request());
  });
  context.on('close', () => {
    for (const release of leases.values()) release();
    leases.clear();
  });
  await context.route('**/*', async (route) => {
    const request = route.request();
    if (!/^https?:/.test(request.url())) return route.fallback();
    try {
      assertTargetAlive();
    } catch {
      return route.abort('connectionrefused');
    }
    leases.set(request, await limiter.acquire());
    try {
      await route.fallback();
    } catch (error) {
      end(request);
      throw error;
    }
  });
}
