/**
 * Every check id a finding can carry (`<family>/<check>`, as in findings.json): what a flaw
 * catalog may name in `caughtBy` and `checks`, so the flaw matrix refuses a name no check reports.
 * Built from the same unions the checks build their ids from; adding an action or a write flaw
 * without listing it here is a type error.
 */
import type { Action } from '../profile/types';
import type { WriteFlaw } from './writes/findings';

const READ_ACTIONS: Record<Action, true> = { view: true, metadata: true, download: true, preview: true, list: true, search: true, export: true };
const WRITE_FLAWS: Record<WriteFlaw, true> = { upload: true, rename: true, overwrite: true, delete: true, 'mass-assignment': true, 'protected-field': true, 'data-loss': true, integrity: true };

/** The session checks, one name each (src/checks/sessions/). */
export const SESSION_CHECKS = {
  backButton: 'sessions/back-button',
  cookieFlags: 'sessions/cookie-flags',
  noStore: 'sessions/no-store',
  /** A session id held before login is accepted after it (CWE-384). */
  fixation: 'sessions/fixation',
  /** Two logins receive the same token: one login's holder is the other's session. */
  tokenReuse: 'sessions/token-reuse',
  /** A session that outlived logout (CWE-613). */
  logout: 'sessions/logout',
  shareAudience: 'sessions/share-audience',
  shareExpiry: 'sessions/share-expiry',
  shareLogout: 'sessions/share-logout',
  shareRevoke: 'sessions/share-revoke',
} as const;

/** The account lifecycle checks (src/attacks/lifecycle/): what must end a session, and refresh tokens used twice. */
export const LIFECYCLE_CHECKS = {
  /** A session or refresh token held before a password change still works after it (CWE-613). */
  passwordChange: 'lifecycle/password-change',
  /** ... before the account was disabled. */
  disable: 'lifecycle/disable',
  /** ... before the person's role was revoked. */
  revokeRole: 'lifecycle/role-revoke',
  /** A rotated (spent) refresh token renews a session again. */
  refreshReuse: 'lifecycle/refresh-reuse',
} as const;

const actions = Object.keys(READ_ACTIONS);

/** Family → the check names it reports. */
export const CHECK_IDS: Readonly<Record<string, readonly string[]>> = {
  objects: actions,
  roles: actions,
  concurrency: actions,
  discovery: [...actions, 'crawl'],
  writes: [...Object.keys(WRITE_FLAWS), 'csrf'],
  sessions: Object.values(SESSION_CHECKS).map((id) => id.slice('sessions/'.length)),
  auth: ['login-form', 'whoami'],
  // The attack families (src/attacks/): identity substitution, nested routes, pages, path spellings, tokens.
  substitution: [...actions, 'crawl'],
  nesting: actions,
  pages: actions,
  paths: actions,
  lifecycle: Object.values(LIFECYCLE_CHECKS).map((id) => id.slice('lifecycle/'.length)),
  tokens: ['url-token', 'jwt-alg-none', 'jwt-expired', 'jwt-signature', 'jwt-weak-secret'],
};

export function isKnownFamily(family: string): boolean {
  return Object.hasOwn(CHECK_IDS, family);
}

export function isKnownCheck(id: string): boolean {
  const [family, name, ...rest] = id.split('/');
  return rest.length === 0 && family !== undefined && name !== undefined && isKnownFamily(family) && (CHECK_IDS[family] ?? []).includes(name);
}
