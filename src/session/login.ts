import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import type { CloisonAdapter } from '../adapter/types';
import { TargetError } from '../errors';
import type { Profile } from '../profile/types';
import type { Person } from '../population/types';
import { withQuery } from '../probes/vectors';
import { personValues } from '../provisioning/provision';
import { sendTemplate } from '../provisioning/send';
import { readPath } from '../util/template';
import { limited } from './limiter';

/** Headers a signed-in API session must send (bearer token, CSRF token). Secrets. */
export type SessionHeaders = Record<string, string>;

/** The profile's adapter, when it has one, and the target it runs against. */
export interface LoginHooks {
  adapter: CloisonAdapter;
  baseURL: string;
}

/**
 * Signs a person in through the profile's login API, then proves who the session is: the
 * whoami answer must hold the person's e-mail. Anything else fails the run.
 */
export async function loginThroughApi(api: APIRequestContext, profile: Profile, person: Person, hooks?: LoginHooks): Promise<SessionHeaders> {
  if (hooks?.adapter.login) {
    // The adapter signs in its own way; who the session is gets proven the same way as ours.
    const headers = await hooks.adapter.login({ profile, baseURL: hooks.baseURL, api, person });
    await proveIdentity(api, profile, person, headers);
    return headers;
  }
  const template = profile.auth.login.api;
  if (!template) throw new TargetError(`profile ${profile.name} has no auth.login.api (nor an adapter login hook): API login is needed to seed sessions`);
  const { response } = await sendTemplate(api, template, personValues(person), { what: `login as ${person.key}` });
  const headers: SessionHeaders = {};
  const session = profile.auth.session;
  if (session.type === 'bearer') {
    const token = readPath(await response.json().catch(() => undefined), session.capture);
    if (typeof token !== 'string') throw new TargetError(`login as ${person.key}: no token at "${session.capture}" in the answer`);
    headers[session.header ?? 'Authorization'] = `${session.scheme ?? 'Bearer'} ${token}`.trim();
  }
  await proveIdentity(api, profile, person, headers);
  return headers;
}

export async function proveIdentity(api: APIRequestContext, profile: Profile, person: Person, headers: SessionHeaders): Promise<void> {
  const whoami = async (path: string) => {
    const response = await limited(() => api.get(path, { headers, failOnStatusCode: false, maxRedirects: 0 }));
    return { response, proves: response.ok() && (await response.text()).toLowerCase().includes(person.email.toLowerCase()) };
  };
  let { response, proves } = await whoami(profile.auth.whoami.path);
  // A cache keyed on the URL alone answers with whoever asked first. With a nonce the answer is
  // the session's own: the session is proven, and the cache is left to the concurrency checks.
  if (!proves) ({ response, proves } = await whoami(withQuery(profile.auth.whoami.path, 'cloison-nonce', randomUUID())));
  if (!proves) {
    throw new TargetError(
      `login as ${person.key} did not prove its identity: GET ${profile.auth.whoami.path} answered ${response.status()} without the person's e-mail`,
    );
  }
}

/** Reads the CSRF token a signed-in session must send on writes, when the profile has one. */
export async function readCsrfToken(api: APIRequestContext, profile: Profile, headers: SessionHeaders): Promise<string | undefined> {
  const csrf = profile.auth.csrf;
  if (!csrf?.from.jsonPath) return undefined;
  const response = await limited(() => api.get(csrf.from.path, { headers, failOnStatusCode: false }));
  const token = readPath(await response.json().catch(() => undefined), csrf.from.jsonPath);
  if (typeof token !== 'string') throw new TargetError(`no CSRF token at ${csrf.from.path} → ${csrf.from.jsonPath}`);
  return token;
}

/** The session headers plus the CSRF header a signed-in session sends on writes (when the profile has one). */
export async function writeHeaders(api: APIRequestContext, profile: Profile, headers: SessionHeaders): Promise<SessionHeaders> {
  const token = await readCsrfToken(api, profile, headers);
  return token === undefined ? headers : { ...headers, [profile.auth.csrf?.header ?? 'X-CSRF-Token']: token };
}
