import { idKindOf } from '../discovery/ids';
import { idName, templateKey, type Answer, type AnswerKind, type Endpoint, type Evidence, type Field, type Param } from './endpoints';
import { decodeOrKeep, parseJsonOrUndefined } from '../util/lenient';

/** The parts of a HAR 1.2 file init reads. */
interface HarEntry {
  startedDateTime?: string;
  request: { method: string; url: string; headers: { name: string; value: string }[]; postData?: { mimeType?: string; text?: string; params?: { name: string; value?: string; fileName?: string }[] } };
  response: { status: number; headers: { name: string; value: string }[]; content?: { mimeType?: string; text?: string; encoding?: string } };
}
export interface Har {
  log: { entries: HarEntry[] };
}

/** What a recording knows beyond its requests. */
export interface HarHints {
  origin?: string;
  /** The identity that signed in: its password finds the login, its e-mail the whoami. */
  user?: string;
  password?: string;
  /** Web storage after the login, to find where the page keeps a token. */
  storage?: { area: 'localStorage' | 'sessionStorage'; key: string; value: string }[];
  /** Index of the first entry after the sign-out was asked for. */
  logoutFrom?: number;
}

const CSRF = /csrf|xsrf/i;
const LOGOUT = /log.?out|sign.?out|d[ée]connexion/i;
const STRONG_IDS = new Set(['integer', 'uuid', 'hex', 'base64', 'reference']);
/** Headers the browser sets by itself, and credentials: not parameters a page chose. */
const BROWSER_HEADERS = /^(accept|accept-language|accept-encoding|user-agent|referer|origin|content-type|content-length|host|connection|upgrade-insecure-requests|cache-control|pragma|range|if-none-match|if-modified-since|priority|cookie|authorization|sec-.*|:.*)$/i;

/** What a recorded session shows: login, logout, where the token lives, whoami, routes with their ids, CSRF. */
export function evidenceFromHar(har: Har, hints: HarHints = {}): Evidence {
  const all = har.log.entries;
  const origin = hints.origin ?? (all[0] ? new URL(all[0].request.url).origin : undefined);
  const indexed = all.map((entry, index) => ({ entry, index })).filter(({ entry }) => origin === undefined || new URL(entry.request.url).origin === origin);
  const header = (headers: { name: string; value: string }[], name: string): string | undefined => headers.find((h) => h.name.toLowerCase() === name)?.value;

  // The login: the request whose body holds the password (or a field named like one).
  const loginAt = indexed.find(({ entry }) => {
    const body = entry.request.postData;
    if (!body) return false;
    if (hints.password) return (body.text ?? '').includes(hints.password) || (body.params ?? []).some((param) => param.value === hints.password);
    return bodyFields(entry).some((field) => /pass/i.test(field.name));
  });
  const loginIndex = loginAt?.index ?? -1;
  const loginEntry = loginAt?.entry;

  // The session: a cookie the login set and later requests carry, or a bearer header whose value the login answered.
  let session: Evidence['session'];
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
    session = {
      type: 'bearer',
      header: 'Authorization',
      scheme: rest.length > 0 ? scheme : '',
      ...(capture ? { capture } : {}),
      ...(stored ? { browserStorage: { area: stored.item.area, key: stored.item.key, ...(stored.jsonPath ? { jsonPath: stored.jsonPath } : {}) } } : {}),
    };
  } else {
    const carried = later.flatMap(({ entry }) => (header(entry.request.headers, 'cookie') ?? '').split(';').map((part) => part.split('=')[0]?.trim() ?? ''));
    const cookieName = setAtLogin.find((name) => carried.includes(name)) ?? setAtLogin[0];
    if (cookieName) session = { type: 'cookie', cookieName };
  }
  const carriesSession = (entry: HarEntry): boolean =>
    session?.type === 'bearer'
      ? header(entry.request.headers, 'authorization') !== undefined
      : session?.type === 'cookie' && (header(entry.request.headers, 'cookie') ?? '').split(';').some((part) => part.trim().startsWith(`${session.cookieName}=`));

  // The logout: the first write after the sign-out was asked for, or one named like it.
  const logoutAt =
    (hints.logoutFrom !== undefined ? indexed.find(({ entry, index }) => index >= hints.logoutFrom! && entry.request.method !== 'GET') : undefined) ??
    indexed.find(({ entry, index }) => index > loginIndex && LOGOUT.test(new URL(entry.request.url).pathname));
  const kept = indexed.filter(({ index }) => logoutAt === undefined || index <= logoutAt.index);

  // Route templates: id-shaped segments, and values that repeat at one place across requests.
  const shapes = kept.map(({ entry, index }) => ({ entry, index, url: new URL(entry.request.url), segments: new URL(entry.request.url).pathname.split('/') }));
  const variable = new Set<string>();
  const groups = new Map<string, Set<string>>();
  for (const { entry, segments } of shapes) {
    segments.forEach((segment, at) => {
      if (!segment) return;
      const key = `${entry.request.method} ${segments.length} ${segments.slice(0, at).join('/')} ${at} ${segments.slice(at + 1).join('/')}`;
      const values = groups.get(key) ?? new Set<string>();
      values.add(segment);
      groups.set(key, values);
    });
  }
  for (const [key, values] of groups) if (values.size > 1) variable.add(key);
  const namedBy = idFieldNames(kept.map(({ entry }) => entry));
  const endpoints = new Map<string, Endpoint>();
  const seenQuery = new Map<string, Map<string, number>>();
  const count = new Map<string, number>();
  let whoami: Evidence['whoami'];
  let csrf: Evidence['csrf'];
  for (const { entry, index, url, segments } of shapes) {
    const names = new Set<string>();
    const pathParamsFound: Param[] = [];
    const templated = segments.map((raw, at) => {
      if (!raw) return raw;
      const value = decodeOrKeep(raw);
      const kind = idKindOf(value);
      const repeated = variable.has(`${entry.request.method} ${segments.length} ${segments.slice(0, at).join('/')} ${at} ${segments.slice(at + 1).join('/')}`);
      const afterPlaceholder = segments.slice(0, at).some((part) => idKindOf(decodeOrKeep(part)) !== undefined && STRONG_IDS.has(idKindOf(decodeOrKeep(part)) ?? ''));
      const strong = kind !== undefined && STRONG_IDS.has(kind);
      // A plain word after an id is the name of a sub-resource (`/files/{id}/blob`, `/files/{id}/thumbnail`), not a value.
      const word = /^[A-Za-z]+(?:[-_][A-Za-z]+)*$/.test(value);
      if (!strong && !(repeated && (kind === 'fileName' || (afterPlaceholder && !word)))) return raw;
      let name = (kind !== 'fileName' ? namedBy.get(value) : undefined) ?? placeholderName(segments[at - 1], kind === 'fileName' ? 'Name' : 'Id');
      for (let n = 2; names.has(name); n++) name = `${placeholderName(segments[at - 1], 'Id')}${n}`;
      names.add(name);
      pathParamsFound.push({ name, in: 'path', required: true, idLike: strong });
      return `{${name}}`;
    });
    const path = templated.join('/');
    const method = entry.request.method.toUpperCase();
    // One route whatever its placeholders were named from (two values of one place may have been named apart).
    const key = templateKey(method, path);
    count.set(key, (count.get(key) ?? 0) + 1);
    const queries = seenQuery.get(key) ?? new Map<string, number>();
    for (const name of new Set(url.searchParams.keys())) queries.set(name, (queries.get(name) ?? 0) + 1);
    seenQuery.set(key, queries);
    const params: Param[] = [
      ...pathParamsFound,
      ...[...url.searchParams.entries()].map(([name, value]) => ({ name, in: 'query' as const, required: true, idLike: idName(name) || ['uuid', 'hex', 'base64', 'reference'].includes(idKindOf(value) ?? '') })),
      ...entry.request.headers.filter((h) => !BROWSER_HEADERS.test(h.name)).map((h) => ({ name: h.name, in: 'header' as const, required: CSRF.test(h.name), idLike: idName(h.name) || STRONG_IDS.has(idKindOf(h.value) ?? '') })),
    ];
    const previous = endpoints.get(key);
    const answer = answerOf(entry);
    const body = bodyOf(entry, hints);
    endpoints.set(key, {
      method,
      path: previous?.path ?? path,
      params: previous ? mergeParams(previous.params, previous.path === path ? params : params.filter((param) => param.in !== 'path')) : params,
      ...((body ?? previous?.body) ? { body: body ?? previous?.body } : {}),
      ...((answer ?? previous?.answer) ? { answer: previous?.answer?.kind && previous.answer.status < 300 ? previous.answer : answer } : {}),
      // A page of a bearer portal carries no credential: its script does. After the login it is personal.
      access: index !== loginIndex && (carriesSession(entry) || (session?.type === 'bearer' && index > loginIndex && answer?.kind === 'html')) ? 'session' : previous?.access === 'session' ? 'session' : 'public',
    });
    // whoami: a JSON answer about the caller, holding the e-mail it signed in with.
    const text = entry.response.content?.text ?? '';
    if (!whoami && method === 'GET' && index > loginIndex && hints.user && answer?.kind === 'json-object' && !path.includes('{') && text.includes(hints.user)) whoami = { path, proves: 'email' };
    // CSRF: a header the page set, whose value an earlier answer handed out.
    const csrfHeader = entry.request.headers.find((h) => CSRF.test(h.name));
    if (!csrf && csrfHeader) {
      const source = shapes.find((other) => other.index < index && other.entry.request.method === 'GET' && (other.entry.response.content?.text ?? '').includes(csrfHeader.value) && pathOf(parseJsonOrUndefined(other.entry.response.content?.text), csrfHeader.value) !== undefined);
      const jsonPath = source ? pathOf(parseJsonOrUndefined(source.entry.response.content?.text), csrfHeader.value) : undefined;
      csrf = { header: csrfHeader.name, ...(source && jsonPath ? { from: { path: source.url.pathname, jsonPath } } : {}) };
    }
  }
  // A query parameter some requests of a route left out is optional.
  for (const [key, endpoint] of endpoints) {
    const queries = seenQuery.get(key);
    for (const param of endpoint.params) if (param.in === 'query' && (queries?.get(param.name) ?? 0) < (count.get(key) ?? 0)) param.required = false;
  }
  const loginPath = loginEntry ? new URL(loginEntry.request.url).pathname : undefined;
  const logoutEntry = logoutAt?.entry;
  const logoutIsForm = logoutEntry !== undefined && /urlencoded/i.test(logoutEntry.request.postData?.mimeType ?? '');
  return {
    endpoints: [...endpoints.values()],
    ...(session ? { session } : {}),
    ...(origin ? { baseURL: origin } : {}),
    ...(loginEntry && loginPath ? { login: { method: loginEntry.request.method.toUpperCase(), path: loginPath } } : {}),
    ...(logoutEntry && !logoutIsForm ? { logout: { method: logoutEntry.request.method.toUpperCase(), path: new URL(logoutEntry.request.url).pathname } } : {}),
    ...(whoami ? { whoami } : {}),
    ...(csrf ? { csrf } : {}),
  };
}

function answerOf(entry: HarEntry): Answer | undefined {
  const { status, headers } = entry.response;
  const get = (name: string): string => headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
  const type = get('content-type') || entry.response.content?.mimeType || '';
  const disposition = get('content-disposition');
  let kind: AnswerKind;
  let fields: Field[] = [];
  if (status >= 300 && status < 400) kind = 'redirect';
  else if (status === 204 || (!type && !(entry.response.content?.text ?? ''))) kind = 'empty';
  else if (/html/i.test(type) && !/attachment/i.test(disposition)) kind = 'html';
  else if (/json/i.test(type)) {
    const value = parseJsonOrUndefined(entry.response.content?.text);
    const list: unknown[] | undefined = Array.isArray(value) ? (value as unknown[]) : listInside(value);
    kind = list ? 'json-array' : 'json-object';
    const sample: unknown = list ? list[0] : value;
    fields = sample !== null && typeof sample === 'object' && !Array.isArray(sample) ? Object.entries(sample).map(([name, item]) => ({ name, type: typeof item, ...(typeof item === 'string' && /^[^@\s]+@[^@\s]+$/.test(item) ? { format: 'email' } : {}) })) : [];
  } else if (/zip|x-tar|gzip/i.test(type)) kind = 'archive';
  else if (/javascript|css|font/i.test(type)) kind = 'asset';
  else if (/^(application\/(pdf|octet-stream)|image\/|audio\/|video\/|text\/plain)/i.test(type) || /attachment/i.test(disposition)) kind = 'file';
  else kind = 'other';
  const uploadForm = kind === 'html' && /<input\b[^>]*\btype=["']?file\b/i.test(entry.response.content?.text ?? '');
  return { status, kind, fields, ...(/^\s*inline/i.test(disposition) ? { inline: true } : {}), ...(uploadForm ? { uploadForm } : {}) };
}

/** `{ items: [...] }`, `{ data: [...], total }`: a list in an envelope of a few keys. */
function listInside(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.values(value);
  if (entries.length > 3) return undefined;
  return entries.find((item): item is unknown[] => Array.isArray(item) && item.length > 0 && typeof item[0] === 'object');
}

function bodyFields(entry: HarEntry): Field[] {
  const body = entry.request.postData;
  if (!body) return [];
  if (/json/i.test(body.mimeType ?? '')) {
    const value = parseJsonOrUndefined(body.text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value).map(([name, item]) => ({ name, type: typeof item, ...(typeof item === 'string' && item.includes('@') ? { format: 'email' } : {}) })) : [];
  }
  if (body.params?.length) return body.params.map((param) => ({ name: param.name, type: 'string', ...(param.fileName ? { format: 'binary' } : {}) }));
  if (/urlencoded/i.test(body.mimeType ?? '')) return [...new URLSearchParams(body.text ?? '').keys()].map((name) => ({ name, type: 'string' }));
  return [];
}

function bodyOf(entry: HarEntry, hints: HarHints): Endpoint['body'] {
  const body = entry.request.postData;
  if (!body) return undefined;
  const type = /json/i.test(body.mimeType ?? '') ? 'json' : /multipart/i.test(body.mimeType ?? '') ? 'multipart' : /urlencoded/i.test(body.mimeType ?? '') ? 'form' : undefined;
  if (!type) return undefined;
  const values = type === 'form' ? new URLSearchParams(body.text ?? '') : undefined;
  const fields = bodyFields(entry).map((field) => {
    const raw = type === 'json' ? (parseJsonOrUndefined(body.text) as Record<string, unknown>)[field.name] : undefined;
    const value = values?.get(field.name) ?? (typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined);
    if (hints.password && value === hints.password) return { ...field, format: 'password' };
    if (value && /^[^@\s]+@[^@\s]+$/.test(value)) return { ...field, format: 'email' };
    return field;
  });
  return { type, fields };
}

function mergeParams(a: Param[], b: Param[]): Param[] {
  const byKey = new Map(a.map((param) => [`${param.in} ${param.name}`, param]));
  for (const param of b) {
    const known = byKey.get(`${param.in} ${param.name}`);
    byKey.set(`${param.in} ${param.name}`, known ? { ...known, idLike: known.idLike || param.idLike } : param);
  }
  return [...byKey.values()];
}

/**
 * The name an API gives its ids: `{ "caseRef": "2026-0042" }` in an answer names the segment
 * `/cases/2026-0042` `caseRef`, not `caseId`. Only shapes that cannot be another object's id
 * (not integers, which every table shares) and names that say which object (`caseRef`, not `id`).
 */
function idFieldNames(entries: readonly HarEntry[]): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && idName(key) && !/^(id|uuid|guid|ref)$/i.test(key) && !names.has(item) && STRONG_IDS.has(idKindOf(item) ?? '') && idKindOf(item) !== 'integer') names.set(item, key);
      else visit(item, depth + 1);
    }
  };
  for (const entry of entries) if (/json/i.test(entry.response.content?.mimeType ?? '')) visit(parseJsonOrUndefined(entry.response.content?.text), 0);
  return names;
}

/** `files` → `fileId`; `cases` → `caseId`; nothing before → `id`. */
function placeholderName(previous: string | undefined, suffix: 'Id' | 'Name'): string {
  const word = (previous ?? '').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').pop() ?? '';
  if (!word || /^\d/.test(word) || idKindOf(word) !== undefined) return suffix === 'Id' ? 'id' : 'name';
  const singular = word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
  return `${singular.charAt(0).toLowerCase()}${singular.slice(1)}${suffix}`;
}

/** The dotted path at which a JSON value holds `wanted` (`accessToken`, `user.token`). */
function pathOf(value: unknown, wanted: string, prefix = ''): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return String(value) === wanted ? prefix : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = pathOf(item, wanted, prefix ? `${prefix}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}


