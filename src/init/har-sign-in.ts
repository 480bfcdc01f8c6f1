import type { Evidence } from './endpoints';
import { bodyFields } from './har-bodies';
import { header, pathOf, type HarEntry, type HarHints, type Indexed } from './har-format';
import { parseJsonOrUndefined } from '../util/lenient';

const LOGOUT = /log.?out|sign.?out|d[ée]connexion/i;

/** How the recorded person signed in, carried the session and signed out. */
export interface RecordedSignIn {
  /** The login's place in the recording, -1 when none was found. */
  loginIndex: number;
  loginEntry: HarEntry | undefined;
  session: Evidence['session'];
  carriesSession(entry: HarEntry): boolean;
  logoutAt: Indexed | undefined;
}

export function recordedSignIn(indexed: readonly Indexed[], hints: HarHints): RecordedSignIn {
  // The login: the request whose body holds the password (or a field named like one).
  const loginAt = indexed.find(({ entry }) => {
    const body = entry.request.postData;
    if (!body) return false;
    if (hints.password) return (body.text ?? '').includes(hints.password) || (body.params ?? []).some((param) => param.value === hints.password);
    return bodyFields(entry).some((field) => /pass/i.test(field.name));
  });
  const loginIndex = loginAt?.index ?? -1;
  const loginEntry = loginAt?.entry;
  const session = sessionOf(indexed, loginIndex, loginEntry, hints);
  const carriesSession = (entry: HarEntry): boolean =>
    session?.type === 'bearer'
      ? header(entry.request.headers, 'authorization') !== undefined
      : session?.type === 'cookie' && (header(entry.request.headers, 'cookie') ?? '').split(';').some((part) => part.trim().startsWith(`${session.cookieName}=`));

  // The logout: the first write after the sign-out was asked for, or one named like it.
  const logoutAt =
    (hints.logoutFrom !== undefined ? indexed.find(({ entry, index }) => index >= hints.logoutFrom! && entry.request.method !== 'GET') : undefined) ??
    indexed.find(({ entry, index }) => index > loginIndex && LOGOUT.test(new URL(entry.request.url).pathname));
  return { loginIndex, loginEntry, session, carriesSession, logoutAt };
}

/** The session: a cookie the login set and later requests carry, or a bearer header whose value the login answered. */
function sessionOf(indexed: readonly Indexed[], loginIndex: number, loginEntry: HarEntry | undefined, hints: HarHints): Evidence['session'] {
  const setAtLogin = loginEntry ? loginEntry.response.headers.filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value.split('=')[0]?.trim() ?? '') : [];
  const later = indexed.filter(({ index }) => index > loginIndex && (hints.logoutFrom === undefined || index < hints.logoutFrom));
  const authorization = later.map(({ entry }) => header(entry.request.headers, 'authorization')).find(Boolean);
  const loginJson = loginEntry ? parseJsonOrUndefined(loginEntry.response.content?.text) : undefined;
  if (authorization) {
    const [scheme = '', ...rest] = authorization.split(' ');
    const token = rest.join(' ') || scheme;
    // The login's answer, or (when the page left before its body was recorded) any answer that handed the token out.
    const capture =
      (loginJson !== undefined ? pathOf(loginJson, token) : undefined) ??
      indexed.map(({ entry }) => pathOf(parseJsonOrUndefined(entry.response.content?.text), token)).find((found) => found !== undefined);
    const stored = hints.storage?.map((item) => ({ item, jsonPath: item.value === token ? '' : pathOf(parseJsonOrUndefined(item.value), token) })).find(({ jsonPath }) => jsonPath !== undefined);
    return {
      type: 'bearer',
      header: 'Authorization',
      scheme: rest.length > 0 ? scheme : '',
      ...(capture ? { capture } : {}),
      ...(stored ? { browserStorage: { area: stored.item.area, key: stored.item.key, ...(stored.jsonPath ? { jsonPath: stored.jsonPath } : {}) } } : {}),
    };
  }
  const carried = later.flatMap(({ entry }) => (header(entry.request.headers, 'cookie') ?? '').split(';').map((part) => part.split('=')[0]?.trim() ?? ''));
  const cookieName = setAtLogin.find((name) => carried.includes(name)) ?? setAtLogin[0];
  return cookieName ? { type: 'cookie', cookieName } : undefined;
}
