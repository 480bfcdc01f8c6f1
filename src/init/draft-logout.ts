import type { AuthConfig } from '../profile/schema';
import { pathParams, type Endpoint, type Evidence } from './endpoints';
import { CSRF, realFields } from './draft-csrf';
import type { DraftNotes } from './draft-notes';

/** Logout: the recorded one, the login's DELETE, a sign-out request, or a page's sign-out button. */
export function draftLogout(personal: readonly Endpoint[], login: Endpoint | undefined, evidence: Evidence, csrfField: string | undefined, notes: DraftNotes): AuthConfig['logout'] {
  const logout = logoutOf(personal, login, evidence, csrfField);
  if (!logout.api && !logout.form) {
    logout.api = { method: 'POST', path: '/logout' };
    notes.ask('auth.logout', 'Which request signs a person out? None was recognised.', logout.api);
  } else notes.decisions.push(`logout: ${logout.api ? `${logout.api.method} ${logout.api.path}` : `form ${logout.form?.submit ?? ''}`}`);
  return logout;
}

function logoutOf(personal: readonly Endpoint[], login: Endpoint | undefined, evidence: Evidence, csrfField: string | undefined): AuthConfig['logout'] {
  const recorded = evidence.logout && personal.find((endpoint) => endpoint.method === evidence.logout?.method && endpoint.path === evidence.logout.path);
  const api =
    recorded ??
    personal.find((endpoint) => endpoint.method === 'DELETE' && login !== undefined && endpoint.path === login.path) ??
    personal.find((endpoint) => endpoint.method !== 'GET' && /log-?out|sign-?out/i.test(endpoint.path) && endpoint.body?.type !== 'form' && realFields(endpoint).length === 0);
  if (api) return { api: { method: api.method, path: api.path } };
  // A page form whose only field is the CSRF token, answered by a redirect: a sign-out button.
  const form = personal.find((endpoint) => endpoint.method === 'POST' && endpoint.body?.type === 'form' && endpoint.answer?.kind === 'redirect' && pathParams(endpoint.path).length === 0 && endpoint.body.fields.every((field) => field.name === csrfField || CSRF.test(field.name)));
  const home = personal.find((endpoint) => endpoint.method === 'GET' && endpoint.answer?.kind === 'html' && pathParams(endpoint.path).length === 0 && !endpoint.roles?.length);
  if (form && home) return { form: { page: home.path, submit: `form[action='${form.path}'] button` } };
  return {};
}
