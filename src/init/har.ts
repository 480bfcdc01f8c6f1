import type { Evidence } from './endpoints';
import { answerOf } from './har-bodies';
import { recordedEndpoints, type TemplatedShape } from './har-endpoints';
import { CSRF, pathOf, type Har, type HarHints, type Shape } from './har-format';
import { recordedSignIn } from './har-sign-in';
import { pathTemplater } from './har-templates';
import { parseJsonOrUndefined } from '../util/lenient';

export type { Har, HarHints } from './har-format';

/** What a recorded session shows: login, logout, where the token lives, whoami, routes with their ids, CSRF. */
export function evidenceFromHar(har: Har, hints: HarHints = {}): Evidence {
  const all = har.log.entries;
  const origin = hints.origin ?? (all[0] ? new URL(all[0].request.url).origin : undefined);
  const indexed = all.map((entry, index) => ({ entry, index })).filter(({ entry }) => origin === undefined || new URL(entry.request.url).origin === origin);
  const signIn = recordedSignIn(indexed, hints);
  const { loginEntry, session, logoutAt } = signIn;
  const kept = indexed.filter(({ index }) => logoutAt === undefined || index <= logoutAt.index);
  const shapes = kept.map(({ entry, index }) => ({ entry, index, url: new URL(entry.request.url), segments: new URL(entry.request.url).pathname.split('/') }));
  const template = pathTemplater(shapes);
  const templated = shapes.map((shape) => ({ ...shape, ...template(shape) }));
  const whoami = recordedWhoami(templated, signIn.loginIndex, hints);
  const csrf = recordedCsrf(shapes);
  const loginPath = loginEntry ? new URL(loginEntry.request.url).pathname : undefined;
  const logoutEntry = logoutAt?.entry;
  const logoutIsForm = logoutEntry !== undefined && /urlencoded/i.test(logoutEntry.request.postData?.mimeType ?? '');
  return {
    endpoints: recordedEndpoints(templated, signIn, hints),
    ...(session ? { session } : {}),
    ...(origin ? { baseURL: origin } : {}),
    ...(loginEntry && loginPath ? { login: { method: loginEntry.request.method.toUpperCase(), path: loginPath } } : {}),
    ...(logoutEntry && !logoutIsForm ? { logout: { method: logoutEntry.request.method.toUpperCase(), path: new URL(logoutEntry.request.url).pathname } } : {}),
    ...(whoami ? { whoami } : {}),
    ...(csrf ? { csrf } : {}),
  };
}

/** whoami: the first JSON answer about the caller, holding the e-mail it signed in with. */
function recordedWhoami(templated: readonly TemplatedShape[], loginIndex: number, hints: HarHints): Evidence['whoami'] {
  const found = templated.find(
    ({ entry, index, path }) =>
      entry.request.method.toUpperCase() === 'GET' && index > loginIndex && hints.user && answerOf(entry)?.kind === 'json-object' && !path.includes('{') && (entry.response.content?.text ?? '').includes(hints.user),
  );
  return found ? { path: found.path, proves: 'email' } : undefined;
}

/** CSRF: the first header the page set, and the earlier answer that handed its value out. */
function recordedCsrf(shapes: readonly Shape[]): Evidence['csrf'] {
  for (const { entry, index } of shapes) {
    const csrfHeader = entry.request.headers.find((h) => CSRF.test(h.name));
    if (!csrfHeader) continue;
    const source = shapes.find((other) => other.index < index && other.entry.request.method === 'GET' && (other.entry.response.content?.text ?? '').includes(csrfHeader.value) && pathOf(parseJsonOrUndefined(other.entry.response.content?.text), csrfHeader.value) !== undefined);
    const jsonPath = source ? pathOf(parseJsonOrUndefined(source.entry.response.content?.text), csrfHeader.value) : undefined;
    return { header: csrfHeader.name, ...(source && jsonPath ? { from: { path: source.url.pathname, jsonPath } } : {}) };
  }
  return undefined;
}
