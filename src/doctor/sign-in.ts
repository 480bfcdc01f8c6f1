import { join } from 'node:path';
import { request, type APIRequestContext } from '@playwright/test';
import type { CloisonAdapter } from '../adapter/types';
import { TargetError } from '../errors';
import type { Person } from '../population/types';
import { routeCall, whoamiRoute } from '../profile/route';
import { personValues } from '../population/template-values';
import type { Provisioned } from '../provisioning/provision';
import type { RunPopulation } from '../provisioning/population';
import { sendTemplate } from '../transport/send-template';
import type { Target } from '../run/target';
import { loginThroughApi, type SessionHeaders } from '../sign-in/login';
import { limited } from '../transport/limiter';
import { saveSession } from '../sign-in/everyone';
import { readPath, type Bindings } from '../util/template';
import { requestField, whoamiDiagnosis } from './diagnose';
import type { DoctorRow } from './rows';

/** A person the doctor signed in: its API session and the headers that carry it. */
export interface SignedIn {
  api: APIRequestContext;
  headers: SessionHeaders;
}

/** Signs each person in and proves who it is; a failure is a row naming the field (the whoami's by what its answer holds). */
export async function signEachIn(
  target: Target,
  adapter: CloisonAdapter,
  population: RunPopulation,
  provisioned: Provisioned,
  rows: DoctorRow[],
  signedIn: Map<string, SignedIn>,
  sessions: Record<string, string>,
  sessionsDir: string,
): Promise<void> {
  const { profile, baseURL } = target;
  const bindingsOf = new Map(provisioned.people.map((person) => [person.key, person.bindings]));
  const proof = profile.auth.whoami.proves ?? 'email';
  let cookieChecked = false;
  for (const person of population.people) {
    const subject = `login ${person.key} (${person.role})`;
    const api = await request.newContext({ baseURL });
    try {
      const headers = await loginThroughApi(api, profile, person, { adapter, baseURL }, { bindings: bindingsOf.get(person.key) });
      signedIn.set(person.key, { api, headers });
      sessions[person.key] = await saveSession(api, profile, baseURL, headers, join(sessionsDir, `${person.key}.json`));
      rows.push({ subject, got: `signed in, whoami holds {${proof}}` });
      if (!cookieChecked) {
        cookieChecked = true;
        const row = await sessionCookieRow(api, target);
        if (row) rows.push(row);
      }
    } catch (error) {
      await api.dispose();
      if (!(error instanceof TargetError)) throw error;
      const field = error.detail.field ?? 'auth.login.api';
      if (field === 'auth.whoami') {
        const { status, held } = await whoamiAnswer(baseURL, target, person, bindingsOf.get(person.key) ?? {}, adapter);
        rows.push({ subject, got: `whoami ${status}, holds ${held.join(', ') || 'nothing of the person'}`, ...whoamiDiagnosis(status, held, proof) });
      } else if (field === 'auth.login.api') {
        const template = profile.auth.login.api;
        rows.push({ subject, got: String(error.detail.status ?? '-'), problem: error.message, field: requestField(field, error.detail.status, template?.json !== undefined || template?.form !== undefined) });
      } else {
        rows.push({ subject, got: String(error.detail.status ?? '-'), problem: error.message, field });
      }
    }
  }
}

/** The person's values a whoami answer holds, by binding name (the e-mail, an id...). Signs in afresh: the failed session was dropped. */
async function whoamiAnswer(baseURL: string, target: Target, person: Person, bindings: Bindings, adapter: CloisonAdapter): Promise<{ status: number; held: string[] }> {
  const { profile } = target;
  const api = await request.newContext({ baseURL });
  try {
    let headers: SessionHeaders = {};
    // The login itself passed: sign in again without the proof, to read what the whoami answers.
    if (adapter.login) headers = await adapter.login({ profile, baseURL, api, person });
    else if (profile.auth.login.api) {
      const { response } = await sendTemplate(api, profile.auth.login.api, personValues(person), { what: `login as ${person.key}` });
      const session = profile.auth.session;
      if (session.type === 'bearer') {
        const token = readPath(await response.json().catch(() => undefined), session.capture);
        if (typeof token === 'string') headers = { [session.header ?? 'Authorization']: `${session.scheme ?? 'Bearer'} ${token}`.trim() };
      }
    }
    const values: Bindings = { ...bindings, ...personValues(person) };
    const call = routeCall(whoamiRoute(profile), values);
    const response = await limited(() => api.fetch(call.url, { method: call.method, headers: { ...call.headers, ...headers }, data: call.data, failOnStatusCode: false, maxRedirects: 0 }));
    const text = (await response.text()).toLowerCase();
    const held = Object.entries(values)
      .filter(([name, value]) => name !== 'password' && value !== undefined && String(value).length >= 4 && text.includes(String(value).toLowerCase()))
      .map(([name]) => name);
    return { status: response.status(), held };
  } finally {
    await api.dispose();
  }
}

/** A cookie session: the login must set the cookie the profile names (the session checks read that one). */
async function sessionCookieRow(api: APIRequestContext, target: Target): Promise<DoctorRow | undefined> {
  const session = target.profile.auth.session;
  if (session.type !== 'cookie') return undefined;
  const names = (await api.storageState()).cookies.map((cookie) => cookie.name);
  const subject = 'session cookie';
  if (names.includes(session.cookieName)) return { subject, got: `cookie ${session.cookieName} set at login` };
  return {
    subject,
    got: names.length > 0 ? `login set cookie(s) ${names.join(', ')}` : 'login set no cookie',
    problem: `the session is not kept in a cookie named ${session.cookieName}`,
    field: 'auth.session.cookieName',
  };
}
