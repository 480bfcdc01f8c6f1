import type { APIRequestContext } from '@playwright/test';
import type { CloisonAdapter } from '../adapter/types';
import { TargetError } from '../errors';
import type { Profile } from '../profile/types';
import type { Person } from '../population/types';
import { uncached } from '../probes/vectors';
import { personValues } from '../population/template-values';
import { sendTemplate } from '../transport/send-template';
import { readPath, type Bindings } from '../util/template';
import { routeCall, whoamiRoute, type RouteCall } from '../profile/route';
import { limited } from '../transport/limiter';

/**
 * An answer to one person's whoami that held other people's e-mails instead of theirs (a cache
 * serving one person's identity to another): a leak, whatever the retry with a nonce proves next.
 */
export interface MisservedWhoami {
  person: Person;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The seeded people whose e-mail the answer held. */
  owners: Person[];
}

/** Who else was seeded (to recognise their e-mails) and where to report a misserved whoami. */
export interface IdentityWitness {
  people: readonly Person[];
  misserved(answer: MisservedWhoami): void;
}

/** Headers a signed-in API session must send (bearer token, CSRF token). Secrets. */
export type SessionHeaders = Record<string, string>;

/** The profile's adapter, when it has one, and the target it runs against. */
export interface LoginHooks {
  adapter: CloisonAdapter;
  baseURL: string;
}

/**
 * Signs a person in through the profile's login API, then proves who the session is (see
 * proveIdentity). Anything else fails the run.
 */
export async function loginThroughApi(
  api: APIRequestContext,
  profile: Profile,
  person: Person,
  hooks?: LoginHooks,
  ids: { bindings?: Bindings; pending?: boolean; witness?: IdentityWitness } = {},
): Promise<SessionHeaders> {
  if (hooks?.adapter.login) {
    // The adapter signs in its own way; who the session is gets proven the same way as ours.
    const headers = await hooks.adapter.login({ profile, baseURL: hooks.baseURL, api, person });
    await proveIdentity(api, profile, person, headers, ids.bindings, { idsPending: ids.pending, witness: ids.witness });
    return headers;
  }
  const template = profile.auth.login.api;
  if (!template) throw new TargetError(`profile ${profile.name} has no auth.login.api (nor an adapter login hook): API login is needed to seed sessions`);
  const { response } = await sendTemplate(api, template, personValues(person), { what: `login as ${person.key}`, field: 'auth.login.api' });
  const headers: SessionHeaders = {};
  const session = profile.auth.session;
  if (session.type === 'bearer') {
    const token = readPath(await response.json().catch(() => undefined), session.capture);
    if (typeof token !== 'string') throw new TargetError(`login as ${person.key}: no token at "${session.capture}" in the answer`, { field: 'auth.session.capture', status: response.status() });
    headers[session.header ?? 'Authorization'] = `${session.scheme ?? 'Bearer'} ${token}`.trim();
  }
  await proveIdentity(api, profile, person, headers, ids.bindings, { idsPending: ids.pending, witness: ids.witness });
  return headers;
}

/**
 * Proves who a session is: the whoami answer must hold the value of the binding the profile
 * names (`auth.whoami.proves`: the e-mail by default, or an id, a reference). A binding the
 * portal gives only later (ids read after the first login, accounts mode) is proven at the
 * sign-in of the setup, which has them all; `idsPending` says the caller has none yet.
 */
export async function proveIdentity(
  api: APIRequestContext,
  profile: Profile,
  person: Person,
  headers: SessionHeaders,
  bindings: Bindings = {},
  options: { idsPending?: boolean; witness?: IdentityWitness } = {},
): Promise<void> {
  const proof = profile.auth.whoami.proves ?? 'email';
  const values: Bindings = { ...bindings, ...personValues(person) };
  const expected = values[proof];
  if (expected === undefined) {
    if (options.idsPending) return;
    throw new TargetError(`login as ${person.key}: auth.whoami.proves names {${proof}}, which ${person.key} has no value for (capture it at provisioning)`, { field: 'auth.whoami.proves' });
  }
  const route = whoamiRoute(profile);
  const whoami = async (call: RouteCall) => {
    const response = await limited(() => api.fetch(call.url, { method: call.method, headers: { ...call.headers, ...headers }, data: call.data, failOnStatusCode: false, maxRedirects: 0 }));
    const text = await response.text();
    return { response, text, proves: response.ok() && text.toLowerCase().includes(String(expected).toLowerCase()) };
  };
  const call = routeCall(route, values);
  const first = await whoami(call);
  let { response, proves } = first;
  // A cache keyed on the URL alone answers with whoever asked first. With a nonce the answer is
  // the session's own: the session is proven. The first answer, if it was someone else's, was
  // received all the same: it is reported as the leak it is.
  if (!proves) {
    const lower = first.text.toLowerCase();
    const witness = options.witness;
    const owners = (witness?.people ?? []).filter((other) => other.key !== person.key && lower.includes(other.email.toLowerCase()));
    if (owners.length > 0) {
      witness?.misserved({ person, path: route.path, status: first.response.status(), headers: first.response.headers(), body: first.text, owners });
    }
    ({ response, proves } = await whoami({ ...call, url: uncached(call.url) }));
  }
  if (!proves) {
    throw new TargetError(
      `login as ${person.key} did not prove its identity: ${route.method} ${route.path} answered ${response.status()} without the person's ${proof} (auth.whoami.proves)`,
      { field: 'auth.whoami', status: response.status() },
    );
  }
}

/**
 * Reads the CSRF token a signed-in session must send on writes, when the profile has one. The
 * token must be the session's own: a cache keyed on the URL alone (a misconfigured proxy) hands
 * the previous caller's token to the next, and every write then fails. A cache-busting nonce asks
 * the portal itself; a portal that refuses unknown query parameters is asked without it. The
 * misserved answers are the concurrency checks' to report, not the token reader's.
 */
export async function readCsrfToken(api: APIRequestContext, profile: Profile, headers: SessionHeaders): Promise<string | undefined> {
  const csrf = profile.auth.csrf;
  if (!csrf?.from.jsonPath) return undefined;
  const jsonPath = csrf.from.jsonPath;
  const read = async (url: string): Promise<unknown> => {
    const response = await limited(() => api.get(url, { headers, failOnStatusCode: false }));
    return response.ok() ? readPath(await response.json().catch(() => undefined), jsonPath) : undefined;
  };
  let token = await read(uncached(csrf.from.path));
  if (typeof token !== 'string') token = await read(csrf.from.path);
  if (typeof token !== 'string') throw new TargetError(`no CSRF token at ${csrf.from.path} → ${jsonPath}`, { field: 'auth.csrf.from' });
  return token;
}

/** The session headers plus the CSRF header a signed-in session sends on writes (when the profile has one). */
export async function writeHeaders(api: APIRequestContext, profile: Profile, headers: SessionHeaders): Promise<SessionHeaders> {
  const token = await readCsrfToken(api, profile, headers);
  return token === undefined ? headers : { ...headers, [profile.auth.csrf?.header ?? 'X-CSRF-Token']: token };
}
