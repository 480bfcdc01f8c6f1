import type { APIRequestContext } from '@playwright/test';
import { TargetError } from '../errors';
import type { Profile } from '../profile/types';
import type { Person } from '../population/types';
import { personValues } from '../provisioning/provision';
import { sendTemplate } from '../provisioning/send';
import { readPath } from '../util/template';

/** Headers a signed-in API session must send (bearer token, CSRF token). Secrets. */
export type SessionHeaders = Record<string, string>;

/**
 * Signs a person in through the profile's login API, then proves who the session is: the
 * whoami answer must hold the person's e-mail. Anything else fails the run.
 */
export async function loginThroughApi(api: APIRequestContext, profile: Profile, person: Person): Promise<SessionHeaders> {
  const template = profile.auth.login.api;
  if (!template) throw new TargetError(`profile ${profile.name} has no auth.login.api: API login is needed to seed sessions`);
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
  const response = await api.get(profile.auth.whoami.path, { headers, failOnStatusCode: false, maxRedirects: 0 });
  const body = await response.text();
  if (!response.ok() || !body.toLowerCase().includes(person.email.toLowerCase())) {
    throw new TargetError(
      `login as ${person.key} did not prove its identity: GET ${profile.auth.whoami.path} answered ${response.status()} without the person's e-mail`,
    );
  }
}

/** Reads the CSRF token a signed-in session must send on writes, when the profile has one. */
export async function readCsrfToken(api: APIRequestContext, profile: Profile, headers: SessionHeaders): Promise<string | undefined> {
  const csrf = profile.auth.csrf;
  if (!csrf?.from.jsonPath) return undefined;
  const response = await api.get(csrf.from.path, { headers, failOnStatusCode: false });
  const token = readPath(await response.json().catch(() => undefined), csrf.from.jsonPath);
  if (typeof token !== 'string') throw new TargetError(`no CSRF token at ${csrf.from.path} → ${csrf.from.jsonPath}`);
  return token;
}
