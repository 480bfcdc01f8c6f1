import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import type { RunContext } from '../run/context';
import type { Target } from '../run/target';
import { seedSessionStorage, type StoredItem } from '../sign-in/browser-token';
import type { DoctorRow } from './rows';

/**
 * Whether a request the page sent holds the session's raw token, wherever the page puts it: a
 * header of its own naming (with or without a scheme), or the body (an SDK that sends its session
 * token in a JSON body, sparing a CORS preflight).
 */
export function carriesToken(headers: Record<string, string>, body: string | null, token: string): boolean {
  return Object.values(headers).some((value) => value.includes(token)) || (body ?? '').includes(token);
}

/**
 * A bearer token the portal's own pages keep in browser storage: a page opened with the token
 * only where the profile says (no header added by cloison) must send it on its own requests.
 */
export async function tokenWhereProfileSays(target: Target, run: RunContext, browser: Browser, sessions: Record<string, string>, rows: DoctorRow[]): Promise<void> {
  const session = target.profile.auth.session;
  if (session.type !== 'bearer' || !session.browserStorage) return;
  const owner = run.usagers()[0];
  const page = target.profile.startPages?.[0] ?? target.profile.routes.find((route) => route.channel === 'ui' && route.object === 'self')?.path;
  if (!owner || !page) return;
  const file = sessions[owner.key];
  if (!file) return;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { headers?: Record<string, string>; sessionStorage?: StoredItem[] };
  const header = (session.header ?? 'Authorization').toLowerCase();
  const expected = Object.entries(saved.headers ?? {}).find(([name]) => name.toLowerCase() === header)?.[1];
  const context = await browser.newContext({ baseURL: target.baseURL, storageState: file });
  try {
    await seedSessionStorage(context, saved.sessionStorage);
    const token = expected?.split(' ').pop();
    let carried = 0;
    context.on('request', (sent) => {
      if (token && carriesToken(sent.headers(), sent.postData(), token)) carried++;
    });
    const tab = await context.newPage();
    await tab.goto(page, { waitUntil: 'load', timeout: 15_000 });
    await tab.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    const { area, key } = session.browserStorage;
    const subject = `token in ${area} "${key}"`;
    if (carried > 0) rows.push({ subject, got: `${page}: the page sent it on ${carried} request(s)` });
    else rows.push({ subject, got: `${page}: the page's requests never carried it`, problem: `the portal's pages do not read the token from ${area} "${key}"`, field: 'auth.session.browserStorage' });
  } finally {
    await context.close();
  }
}
