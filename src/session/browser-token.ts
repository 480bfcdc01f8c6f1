import type { Profile } from '../profile/types';

type StorageState = {
  cookies: unknown[];
  origins: { origin: string; localStorage: { name: string; value: string }[] }[];
};

/**
 * A single-page app keeps its bearer token where its own script put it at sign-in. When the
 * profile says where (`auth.session.browserStorage`), the saved browser state gets the token
 * there for the target's origin, so each identity's pages start signed in as after a real login.
 * The state files are secrets already (they hold session cookies); nothing here reaches a report.
 * `encode` (the adapter's `browserToken` hook) turns the token into what the page keeps, when that
 * is not the bare token.
 */
export function withBrowserToken<State extends StorageState>(
  state: State,
  profile: Profile,
  baseURL: string,
  headers: Record<string, string>,
  encode?: (token: string) => string,
): State {
  const session = profile.auth.session;
  if (session.type !== 'bearer' || !session.browserStorage) return state;
  const scheme = session.scheme ?? 'Bearer';
  const value = headers[session.header ?? 'Authorization'];
  if (value === undefined) return state;
  const token = scheme && value.startsWith(`${scheme} `) ? value.slice(scheme.length + 1) : value;
  const origin = new URL(baseURL).origin;
  const others = state.origins.filter((entry) => entry.origin !== origin);
  const own = state.origins.find((entry) => entry.origin === origin)?.localStorage ?? [];
  const localStorage = [...own.filter((item) => item.name !== session.browserStorage?.key), { name: session.browserStorage.key, value: encode ? encode(token) : token }];
  return { ...state, origins: [...others, { origin, localStorage }] };
}
