import type { BrowserContext } from '@playwright/test';
import type { Profile } from '../profile/types';

type StorageState = {
  cookies: unknown[];
  origins: { origin: string; localStorage: { name: string; value: string }[] }[];
};

/** One item a single-page app keeps in its browser storage, for one origin. */
export interface StoredItem {
  area: 'localStorage' | 'sessionStorage';
  origin: string;
  name: string;
  value: string;
}

/**
 * Where the target's own page script keeps its bearer token after sign-in, with this session's
 * token in it (`auth.session.browserStorage`): a plain value, or a JSON value with the token at a
 * dotted path (an SDK that keeps `{"sessionToken": "…", …}` under one key). These items are
 * secrets like the cookies of the saved state; nothing here reaches a report.
 */
export function browserTokenItem(profile: Profile, baseURL: string, headers: Record<string, string>): StoredItem | undefined {
  const session = profile.auth.session;
  if (session.type !== 'bearer' || !session.browserStorage) return undefined;
  const scheme = session.scheme ?? 'Bearer';
  const header = headers[session.header ?? 'Authorization'];
  if (header === undefined) return undefined;
  const token = scheme && header.startsWith(`${scheme} `) ? header.slice(scheme.length + 1) : header;
  const { area, key, jsonPath } = session.browserStorage;
  return { area, origin: new URL(baseURL).origin, name: key, value: jsonPath ? JSON.stringify(nested(jsonPath, token)) : token };
}

function nested(path: string, value: string): unknown {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, part) => ({ [part]: inner }), value);
}

/**
 * The saved browser state with the token in `localStorage` when the profile puts it there
 * (Playwright's storage state carries localStorage, not sessionStorage: see `seedSessionStorage`).
 */
export function withBrowserToken<State extends StorageState>(state: State, profile: Profile, baseURL: string, headers: Record<string, string>): State {
  const item = browserTokenItem(profile, baseURL, headers);
  if (item?.area !== 'localStorage') return state;
  const others = state.origins.filter((entry) => entry.origin !== item.origin);
  const own = state.origins.find((entry) => entry.origin === item.origin)?.localStorage ?? [];
  const localStorage = [...own.filter((stored) => stored.name !== item.name), { name: item.name, value: item.value }];
  return { ...state, origins: [...others, { origin: item.origin, localStorage }] };
}

/**
 * A token kept in `sessionStorage` dies with its tab and is not part of a storage state: every page
 * of the context gets it from an init script, on the target's origin only, before its own scripts run.
 */
export async function seedSessionStorage(context: BrowserContext, items: readonly StoredItem[] | undefined): Promise<void> {
  const session = (items ?? []).filter((item) => item.area === 'sessionStorage');
  if (session.length === 0) return;
  await context.addInitScript((entries: { origin: string; name: string; value: string }[]) => {
    // Only the first document of a tab starts signed in: after a sign-out (which may clear the
    // whole storage) the tab must stay signed out, or the Back button check would prove nothing.
    // The tab's window.name survives navigations and storage clearing.
    if (window.name.includes('cloison-seeded')) return;
    for (const entry of entries) if (location.origin === entry.origin) sessionStorage.setItem(entry.name, entry.value);
    if (entries.some((entry) => location.origin === entry.origin)) window.name = `${window.name} cloison-seeded`.trim();
  }, session.map(({ origin, name, value }) => ({ origin, name, value })));
}
