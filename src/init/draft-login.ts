import type { AuthConfig } from '../profile/schema';
import type { Endpoint, Evidence, Field } from './endpoints';
import { realFields } from './draft-csrf';
import { escapeRegExp } from './draft-names';
import { describe, type DraftNotes } from './draft-notes';

const PASSWORD = /pass(word|wd)?$/i;

export interface DraftedLogin {
  login: AuthConfig['login'];
  /** The request that signs people in for the run. */
  api: Endpoint | undefined;
  /** The page form a person signs in with. */
  form: Endpoint | undefined;
}

/** Login: a public write whose body has a password; the JSON one signs people in for the run. */
export function draftLogin(evidence: Evidence, notes: DraftNotes): DraftedLogin {
  const endpoints = evidence.endpoints;
  // Public first; a document that declares no security leaves every request "personal".
  const withPassword = endpoints.filter((endpoint) => endpoint.access !== 'admin' && endpoint.method !== 'GET' && passwordOf(endpoint) !== undefined);
  const logins = (withPassword.some((endpoint) => endpoint.access === 'public') ? withPassword.filter((endpoint) => endpoint.access === 'public') : withPassword)
    .sort((a, b) => realFields(a).length - realFields(b).length);
  // The recorded login comes first; a JSON login the document declares beside a recorded form stays the API's.
  const recordedLogin = (endpoint: Endpoint): boolean => endpoint.method === evidence.login?.method && endpoint.path === evidence.login.path;
  logins.sort((a, b) => Number(recordedLogin(b)) - Number(recordedLogin(a)));
  const apiLogin = logins.find((endpoint) => endpoint.body?.type === 'json') ?? logins.find((endpoint) => endpoint.answer?.kind !== 'html' && endpoint.answer?.kind !== 'redirect');
  const formLogin = logins.find((endpoint) => endpoint.body?.type === 'form' && endpoints.some((page) => page.method === 'GET' && page.path === endpoint.path && page.answer?.kind === 'html'));
  const login: AuthConfig['login'] = {};
  if (apiLogin) {
    login.api = { method: apiLogin.method, path: apiLogin.path, [apiLogin.body?.type === 'json' ? 'json' : 'form']: loginBody(apiLogin) };
    notes.decisions.push(`login: ${describe(apiLogin)} (a public request whose body holds a password)`);
  }
  if (formLogin) {
    const fields = loginBody(formLogin);
    const [emailName = 'email', passwordName = 'password'] = Object.keys(fields);
    login.form = { page: formLogin.path, fields: { email: `input[name=${emailName}]`, password: `input[name=${passwordName}]` }, submit: 'button[type=submit]', successUrl: `^(?!.*${escapeRegExp(formLogin.path)})` };
    notes.ask('auth.login.form.successUrl', `After a good login on the form at ${formLogin.path}, which address does the browser land on (a regular expression)?`, login.form.successUrl);
  }
  if (!login.api && !login.form) {
    login.api = { method: 'POST', path: '/login', json: { email: '{email}', password: '{password}' } };
    notes.ask('auth.login.api', 'Which request signs a person in (method, path, body with {email} and {password})? No public request with a password was found.', login.api);
  }
  return { login, api: apiLogin, form: formLogin };
}

function passwordOf(endpoint: Endpoint): Field | undefined {
  return endpoint.body?.fields.find((field) => field.format === 'password' || PASSWORD.test(field.name));
}

function loginBody(endpoint: Endpoint): Record<string, string> {
  const password = passwordOf(endpoint);
  const others = realFields(endpoint).filter((field) => field !== password);
  const email = others.find((field) => field.format === 'email') ?? others.find((field) => /mail|login|user|ident/i.test(field.name)) ?? others[0];
  return { ...(email ? { [email.name]: '{email}' } : {}), ...(password ? { [password.name]: '{password}' } : {}) };
}
