import type { AuthConfig, PersonRole, Profile, RequestTemplate, RouteSpec, ShareConfig, WriteRoute } from '../profile/schema';
import { pathParams, type Endpoint, type Evidence, type Field, type Param } from './endpoints';

/** Something the draft could not decide: the question to answer and the profile field it fills. */
export interface Question {
  field: string;
  question: string;
  /** What the draft put there meanwhile, when it put something. */
  drafted?: string;
}

export interface Draft {
  profile: Profile;
  questions: Question[];
  /** What the draft decided and from what, one line each (which parameters are ids, which route is the login). */
  decisions: string[];
}

export interface DraftOptions {
  name?: string;
  baseURL?: string;
}

const ROLES: readonly PersonRole[] = ['usager', 'representant', 'agent'];
const CSRF = /csrf|xsrf/i;
const PASSWORD = /pass(word|wd)?$/i;
const DOCUMENT_VALUES = ['type', 'titre', 'fileName', 'mime'];

/** Drafts a format 2 profile from what was learned, with the questions only a person can answer. */
export function draftProfile(evidence: Evidence, options: DraftOptions = {}): Draft {
  const questions: Question[] = [];
  const decisions: string[] = [];
  const ask = (field: string, question: string, drafted?: unknown): void => {
    questions.push({ field, question, ...(drafted !== undefined ? { drafted: JSON.stringify(drafted) } : {}) });
  };
  const describe = (endpoint: Endpoint): string => `${endpoint.method} ${endpoint.path}`;
  const endpoints = evidence.endpoints;
  const personal = endpoints.filter((endpoint) => endpoint.access === 'session');

  // Where the target is.
  const base = options.baseURL ?? evidence.baseURL;
  const baseURL = base ? new URL(base).origin : 'http://127.0.0.1';
  if (!base) ask('baseURL', 'Where does the portal answer (scheme, host and port)? The document names no absolute server (init --base-url).', baseURL);
  const host = new URL(baseURL).hostname;

  // CSRF: a header the writes carry, a field the forms carry, and where a session reads it.
  const csrfHeader = endpoints.flatMap((endpoint) => endpoint.params).find((param) => param.in === 'header' && CSRF.test(param.name))?.name ?? evidence.csrf?.header;
  const csrfField = endpoints.flatMap((endpoint) => (endpoint.body?.type === 'json' ? [] : (endpoint.body?.fields ?? []))).find((field) => CSRF.test(field.name))?.name ?? evidence.csrf?.field;
  const csrfSource = personal.find((endpoint) => endpoint.method === 'GET' && pathParams(endpoint.path).length === 0 && endpoint.answer?.kind === 'json-object' && endpoint.answer.fields.some((field) => CSRF.test(field.name)));
  const csrf: AuthConfig['csrf'] = csrfSource
    ? { from: { path: csrfSource.path, jsonPath: csrfSource.answer?.fields.find((field) => CSRF.test(field.name))?.name ?? '' }, ...(csrfHeader ? { header: csrfHeader } : {}), ...(csrfField ? { field: csrfField } : {}) }
    : evidence.csrf?.from
      ? { from: evidence.csrf.from, ...(csrfHeader ? { header: csrfHeader } : {}), ...(csrfField ? { field: csrfField } : {}) }
      : undefined;
  if (csrf) decisions.push(`CSRF: read at ${csrf.from.path} → ${csrf.from.jsonPath}${csrf.header ? `, sent as header ${csrf.header}` : ''}${csrf.field ? `, form field ${csrf.field}` : ''}`);
  else if (csrfHeader || csrfField) ask('auth.csrf.from', `Requests carry a CSRF token (${csrfHeader ?? csrfField}): which answer hands it to a signed-in session?`);

  // Login: a public write whose body has a password; the JSON one signs people in for the run.
  const passwordOf = (endpoint: Endpoint): Field | undefined => endpoint.body?.fields.find((field) => field.format === 'password' || PASSWORD.test(field.name));
  // Public first; a document that declares no security leaves every request "personal".
  const withPassword = endpoints.filter((endpoint) => endpoint.access !== 'admin' && endpoint.method !== 'GET' && passwordOf(endpoint) !== undefined);
  const logins = (withPassword.some((endpoint) => endpoint.access === 'public') ? withPassword.filter((endpoint) => endpoint.access === 'public') : withPassword)
    .sort((a, b) => realFields(a).length - realFields(b).length);
  // The recorded login comes first; a JSON login the document declares beside a recorded form stays the API's.
  const recordedLogin = (endpoint: Endpoint): boolean => endpoint.method === evidence.login?.method && endpoint.path === evidence.login.path;
  logins.sort((a, b) => Number(recordedLogin(b)) - Number(recordedLogin(a)));
  const apiLogin = logins.find((endpoint) => endpoint.body?.type === 'json') ?? logins.find((endpoint) => endpoint.answer?.kind !== 'html' && endpoint.answer?.kind !== 'redirect');
  const formLogin = logins.find((endpoint) => endpoint.body?.type === 'form' && endpoints.some((page) => page.method === 'GET' && page.path === endpoint.path && page.answer?.kind === 'html'));
  const loginBody = (endpoint: Endpoint): Record<string, string> => {
    const password = passwordOf(endpoint);
    const others = realFields(endpoint).filter((field) => field !== password);
    const email = others.find((field) => field.format === 'email') ?? others.find((field) => /mail|login|user|ident/i.test(field.name)) ?? others[0];
    return { ...(email ? { [email.name]: '{email}' } : {}), ...(password ? { [password.name]: '{password}' } : {}) };
  };
  const login: AuthConfig['login'] = {};
  if (apiLogin) {
    login.api = { method: apiLogin.method, path: apiLogin.path, [apiLogin.body?.type === 'json' ? 'json' : 'form']: loginBody(apiLogin) };
    decisions.push(`login: ${describe(apiLogin)} (a public request whose body holds a password)`);
  }
  if (formLogin) {
    const fields = loginBody(formLogin);
    const [emailName = 'email', passwordName = 'password'] = Object.keys(fields);
    login.form = { page: formLogin.path, fields: { email: `input[name=${emailName}]`, password: `input[name=${passwordName}]` }, submit: 'button[type=submit]', successUrl: `^(?!.*${escapeRegExp(formLogin.path)})` };
    ask('auth.login.form.successUrl', `After a good login on the form at ${formLogin.path}, which address does the browser land on (a regular expression)?`, login.form.successUrl);
  }
  if (!login.api && !login.form) {
    login.api = { method: 'POST', path: '/login', json: { email: '{email}', password: '{password}' } };
    ask('auth.login.api', 'Which request signs a person in (method, path, body with {email} and {password})? No public request with a password was found.', login.api);
  }

  // Session: how the signed-in requests carry it.
  let session: AuthConfig['session'];
  const sessionEvidence = evidence.session;
  if (sessionEvidence?.type === 'cookie') {
    session = { type: 'cookie', cookieName: sessionEvidence.cookieName };
  } else if (sessionEvidence?.type === 'bearer') {
    const tokenField = apiLogin?.answer?.fields.find((field) => /access.?token/i.test(field.name)) ?? apiLogin?.answer?.fields.find((field) => /token/i.test(field.name) && !/refresh/i.test(field.name));
    const capture = sessionEvidence.capture ?? tokenField?.name ?? 'token';
    session = { type: 'bearer', capture, header: sessionEvidence.header, scheme: sessionEvidence.scheme, ...(sessionEvidence.browserStorage ? { browserStorage: sessionEvidence.browserStorage } : {}) };
    if (!sessionEvidence.capture && !tokenField) ask('auth.session.capture', 'Where in the login answer is the token (a dotted path)?', capture);
    if (!sessionEvidence.browserStorage) ask('auth.session.browserStorage', 'Where does the portal\'s own page script keep the token (localStorage or sessionStorage, which key)? Without it the browser checks have no signed-in person (init --record finds it).');
  } else {
    const cookie = apiLogin?.answer?.setsCookies?.[0] ?? 'session';
    session = { type: 'cookie', cookieName: cookie };
    ask('auth.session', 'How do signed-in requests carry the session: a cookie (which name) or a bearer token? The source declares no session scheme.', session);
  }
  decisions.push(`session: ${session.type === 'cookie' ? `cookie ${session.cookieName}` : `bearer token in ${session.header ?? 'Authorization'}`}`);

  // Who is who: which parameters hold a document's, a folder's and a person's id.
  const ids = objectIds(personal, evidence, ask, decisions);
  const known = new Set([ids.piece, ids.dossier]);

  // Logout and whoami.
  const logout = logoutOf(personal, apiLogin ?? formLogin, evidence, csrfField);
  if (!logout.api && !logout.form) {
    logout.api = { method: 'POST', path: '/logout' };
    ask('auth.logout', 'Which request signs a person out? None was recognised.', logout.api);
  } else decisions.push(`logout: ${logout.api ? `${logout.api.method} ${logout.api.path}` : `form ${logout.form?.submit ?? ''}`}`);
  const whoamiEndpoint = whoamiOf(personal, evidence);
  const emailField = whoamiEndpoint?.answer?.fields.find((field) => field.format === 'email' || /^e-?mail$/i.test(field.name));
  const whoamiIdField = whoamiEndpoint?.answer?.fields.find((field) => field.name === 'id') ?? whoamiEndpoint?.answer?.fields.find((field) => /id$/i.test(field.name));
  let whoami: AuthConfig['whoami'];
  if (whoamiEndpoint && (emailField || evidence.whoami?.proves === 'email')) {
    whoami = { method: 'GET', path: whoamiEndpoint.path, proves: 'email' };
    decisions.push(`whoami: GET ${whoamiEndpoint.path} (its answer holds the person's e-mail)`);
  } else if (whoamiEndpoint) {
    whoami = { method: 'GET', path: whoamiEndpoint.path, proves: ids.usager };
    ask('auth.whoami.proves', `GET ${whoamiEndpoint.path} answers about the caller without an e-mail: which value proves who it is?`, ids.usager);
  } else {
    whoami = { method: 'GET', path: '/me', proves: 'email' };
    ask('auth.whoami', 'Which request answers "who am I" with the person\'s e-mail or id? None was recognised.', whoami);
  }

  // apiToken: a bearer token a cookie session asks for, for its programs.
  let apiToken: AuthConfig['apiToken'];
  if (evidence.programTokens && session.type === 'cookie') {
    const issuer = personal.find((endpoint) => endpoint.method === 'POST' && pathParams(endpoint.path).length === 0 && realFields(endpoint).length === 0 && endpoint.answer?.kind === 'json-object' && endpoint.answer.fields.some((field) => /token/i.test(field.name)));
    const capture = issuer?.answer?.fields.find((field) => /token/i.test(field.name))?.name;
    if (issuer && capture) {
      apiToken = { request: { method: issuer.method, path: issuer.path }, capture, header: 'Authorization', scheme: 'Bearer' };
      decisions.push(`API token for programs: ${describe(issuer)} → ${capture}`);
    }
  }

  // Roles: the names a route's security requirement gives, when they are cloison's roles.
  const roleNames = new Set(personal.flatMap((endpoint) => endpoint.roles ?? []));
  const foreign = [...roleNames].filter((role) => !ROLES.includes(role as PersonRole));
  if (foreign.length > 0) ask('routes[].roles', `The source names roles ${foreign.map((role) => `"${role}"`).join(', ')}: which of usager, representant, agent is each? Their routes were drafted without roles.`);
  const mapped = (endpoint: Endpoint): PersonRole[] | undefined => {
    const roles = (endpoint.roles ?? []).filter((role): role is PersonRole => ROLES.includes(role as PersonRole));
    return roles.length > 0 && roles.length === (endpoint.roles ?? []).length ? roles : undefined;
  };
  const peopleRoles = new Set<PersonRole>(['usager', ...personal.flatMap((endpoint) => mapped(endpoint) ?? [])]);

  // Routes: every read of a signed-in person whose ids the draft knows.
  const names = new Set<string>();
  const nameOf = (endpoint: Endpoint, channel: string, action: string): string => {
    // Version and `api` prefixes name nothing: `GET /api/v2/files/{id}/blob` is `files-blob-download`.
    const words = endpoint.path.split('/').filter((part) => part && !part.startsWith('{')).map(slug).filter((word) => word && word !== 'api' && !/^v\d+$/.test(word));
    const base = [...words.slice(-2), channel === 'ui' ? 'page' : action].join('-');
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
    names.add(name);
    return name;
  };
  const authPaths = new Set([whoamiEndpoint, csrfSource].filter(Boolean).map((endpoint) => `GET ${endpoint?.path ?? ''}`));
  const routes: RouteSpec[] = [];
  const unbound = new Map<string, string[]>();
  for (const endpoint of personal) {
    if (endpoint.method !== 'GET' || authPaths.has(`GET ${endpoint.path}`)) continue;
    const kind = endpoint.answer?.kind;
    const inPath = pathParams(endpoint.path);
    const strangers = inPath.filter((param) => !known.has(bindingName(param)));
    if (strangers.length > 0) {
      if (kind && kind !== 'redirect' && kind !== 'asset') unbound.set(describe(endpoint), strangers);
      continue;
    }
    // An upload's form page is a write's (its audience is policy.write's): as a read, its positive control fails.
    if (endpoint.answer?.uploadForm) {
      ask('routes', `${describe(endpoint)} is a page holding an upload form, left out of the reads: add it as a route if it also shows the person's documents.`);
      continue;
    }
    const action = actionOf(endpoint, inPath.length > 0);
    if (!action) continue;
    const path = renameParams(endpoint.path);
    const bound = pathParams(path);
    const object = bound.includes(ids.piece) ? 'piece' : bound.includes(ids.dossier) ? 'dossier' : 'self';
    const term = endpoint.params.find((param) => param.in === 'query' && param.required && !param.idLike);
    const otherRequired = endpoint.params.filter((param) => param.required && param.in !== 'path' && param !== term && !CSRF.test(param.name));
    if (otherRequired.length > 0) {
      unbound.set(describe(endpoint), otherRequired.map((param) => param.name));
      continue;
    }
    const filters = Object.fromEntries(
      endpoint.params
        .filter((param) => param.in === 'query' && !param.required && param.idLike && Object.values(ids).includes(bindingName(param.name)))
        .map((param) => [param.name, bindingName(param.name)]),
    );
    const channel = kind === 'html' ? 'ui' : 'api';
    const roles = mapped(endpoint);
    const finalAction = term && action === 'list' ? 'search' : action;
    routes.push({
      name: nameOf(endpoint, channel, finalAction),
      action: finalAction,
      channel,
      object,
      method: 'GET',
      path,
      ...(term && action === 'list' ? { query: { [term.name]: '{query}' }, queries: ['{titleWord}', '{canary}'] } : {}),
      ...(Object.keys(filters).length > 0 ? { filters } : {}),
      ...(roles ? { roles } : {}),
    });
  }
  for (const [route, params] of unbound) ask('routes', `${route} needs ${params.map((param) => `{${param}}`).join(', ')}, which no request of the draft captures: which answer holds it (add it to a capture, and to bindings.files if it is a file name)? The route was left out.`);
  if (routes.length === 0) ask('routes', 'No read of a signed-in person was recognised: list the routes that hand out someone\'s documents.');
  decisions.push(`routes: ${routes.length} (${countBy(routes.map((route) => route.action))})`);

  const writes = writesOf(personal, ids, csrfField);
  if (writes.length > 0) decisions.push(`writes: ${writes.map((write) => `${write.action} ${write.request.method} ${write.request.path}`).join('; ')}`);
  const share = shareOf(personal, ids, ask);
  if (share) decisions.push(`share links: ${share.create.method} ${share.create.path}${share.revoke ? `, revoked by ${share.revoke.method} ${share.revoke.path}` : ''}`);
  const upload = writes.find((write) => write.action === 'upload');

  // Provisioning: accounts the user creates, documents each person uploads as itself.
  const lookup: RequestTemplate[] = [];
  if (whoamiEndpoint && whoamiIdField) lookup.push({ method: 'GET', path: whoamiEndpoint.path, capture: { [ids.usager]: whoamiIdField.name } });
  const dossierList = personal.find((endpoint) => endpoint.method === 'GET' && endpoint.answer?.kind === 'json-array' && endpoint.answer.fields.some((field) => field.name === 'id') && pathParams(endpoint.path).length === 0 && personal.some((other) => other.path.startsWith(`${endpoint.path}/{`) && bindingName(pathParams(other.path)[0] ?? '') === ids.dossier));
  if (dossierList) lookup.push({ method: 'GET', path: dossierList.path, capture: { [ids.dossier]: '0.id' } });
  const document: RequestTemplate = upload ? { ...upload.request } : { method: 'POST', path: `/{${ids.dossier}}` };
  if (!upload) ask('provisioning.document', 'Which request uploads a document as its owner? None was recognised.', document);
  const provisioning: Profile['provisioning'] = { mode: 'accounts', file: 'accounts.json', document, ...(lookup.length > 0 ? { lookup: { usager: lookup } } : {}) };
  ask('provisioning.file', 'Who are the test people? Create accounts.json ([{ "key", "email", "password", "role", "mdph", "represents"? }], src/provisioning/accounts.schema.json): at least two usagers per office and one person of each other role; or switch to mode "api" below.', 'accounts.json');
  const admin = endpoints.filter((endpoint) => endpoint.access === 'admin');
  if (admin.length > 0) {
    const header = admin.find((endpoint) => endpoint.adminHeader)?.adminHeader;
    ask('provisioning.mode', `${admin.length} requests take an administration key${header ? ` (header ${header})` : ''}: ${admin.slice(0, 6).map(describe).join(', ')}. If they create people and documents, use provisioning mode "api" (tokenEnv, tokenHeader, usager, representant, agent, document) instead of an accounts file.`);
  }
  if (!lookup.some((request) => request.capture && ids.dossier in request.capture)) ask('provisioning.lookup', `Which answer gives a signed-in person the id of their own ${ids.dossier}? Uploads need it.`);
  ask('provisioning.lookup.representant', 'A representative uploads into the dossier of the person it represents: which request gives it that id?');

  // People and policy: only a person knows them.
  const people: Profile['people'] = { roles: ROLES.filter((role) => peopleRoles.has(role)), tenants: true };
  ask('people.roles', `Which roles does the portal have besides usagers (representant: acts for a usager; agent: back office)? The source shows: ${[...peopleRoles].join(', ')}.`, people.roles);
  ask('people.tenants', 'Does the portal separate offices (an agent sees one office\'s people only)? false turns the tenant checks off.', true);
  ask('people.emailDomain', 'Does the portal accept e-mail addresses @example.test for test people? If not, which domain?');
  const policy: Profile['policy'] = { read: ['owner'], write: ['owner'] };
  ask('policy.read', 'Who besides the owner may read a document: representative, agent:same-mdph, agent:any?', policy.read);
  ask('policy.write', 'Who besides the owner may upload, rename, replace or delete a document?', policy.write);
  if (share) ask('share.ttlSeconds', 'How many seconds does a share link live (short on a test environment, so its expiry can be awaited)?');

  const startPages = personal.filter((endpoint) => endpoint.method === 'GET' && endpoint.answer?.kind === 'html' && pathParams(endpoint.path).length === 0 && !endpoint.roles?.length).map((endpoint) => endpoint.path);
  const name = options.name ?? (slug(evidence.title ?? host) || 'portal');
  const profile: Profile = {
    version: 2,
    name,
    description: `Draft by cloison init (${new Date().toISOString().slice(0, 10)}): answer its questions before a scan.`,
    baseURL,
    allowedHosts: [host],
    auth: { login, logout, session, whoami, ...(csrf ? { csrf } : {}), ...(apiToken ? { apiToken } : {}) },
    provisioning,
    ids,
    people,
    routes,
    ...(writes.length > 0 ? { writes } : {}),
    ...(share ? { share } : {}),
    policy,
    ...(startPages.length > 0 ? { startPages } : {}),
  };
  return { profile, questions, decisions };
}

/** Which path parameter is a document's id, which a folder's, and which name a person's id takes. */
function objectIds(personal: readonly Endpoint[], evidence: Evidence, ask: (field: string, question: string, drafted?: unknown) => void, decisions: string[]): Profile['ids'] {
  const pieceScore = new Map<string, number>();
  const dossierScore = new Map<string, number>();
  const add = (scores: Map<string, number>, name: string, by: number): void => void scores.set(name, (scores.get(name) ?? 0) + by);
  for (const endpoint of personal) {
    const last = pathParams(endpoint.path).at(-1);
    if (!last || !endpoint.params.find((param) => param.in === 'path' && param.name === last)?.idLike) continue;
    const name = bindingName(last);
    const kind = endpoint.answer?.kind;
    if (endpoint.method === 'GET' && kind === 'file') add(pieceScore, name, 2);
    if (['PUT', 'PATCH', 'DELETE'].includes(endpoint.method)) add(pieceScore, name, 1);
    if (endpoint.method === 'GET' && (kind === 'json-array' || kind === 'archive')) add(dossierScore, name, 2);
    if (endpoint.method === 'POST' && endpoint.body?.fields.some((field) => field.format === 'binary')) add(dossierScore, name, 2);
  }
  const best = (scores: Map<string, number>, not?: string): string | undefined => [...scores].filter(([name]) => name !== not).sort((a, b) => b[1] - a[1])[0]?.[0];
  const piece = best(pieceScore);
  const dossier = best(dossierScore, piece);
  if (piece) decisions.push(`document id: {${piece}} (routes that answer a file, or change or delete one thing)`);
  else ask('ids.piece', 'Which parameter holds a document\'s id? None answers a file.', 'documentId');
  if (dossier) decisions.push(`folder id: {${dossier}} (routes that list, export or receive uploads)`);
  else ask('ids.dossier', 'Which parameter holds the id of a folder of documents (a case, a dossier)? None lists documents or receives uploads.', 'folderId');
  const personParam = personal
    .flatMap((endpoint) => endpoint.params)
    .find((param: Param) => param.in === 'query' && param.idLike && ![piece, dossier].includes(bindingName(param.name)));
  const usager = personParam ? bindingName(personParam.name) : 'userId';
  if (personParam) decisions.push(`person id: {${usager}} (a query parameter naming someone)`);
  else if (!evidence.whoami) ask('ids.usager', 'Which value is a person\'s id (the binding that holds it)?', usager);
  return { piece: piece ?? 'documentId', dossier: dossier ?? 'folderId', usager };
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

function whoamiOf(personal: readonly Endpoint[], evidence: Evidence): Endpoint | undefined {
  if (evidence.whoami) {
    const recorded = personal.find((endpoint) => endpoint.method === 'GET' && endpoint.path === evidence.whoami?.path);
    if (recorded) return recorded;
  }
  const candidates = personal.filter(
    (endpoint) => endpoint.method === 'GET' && endpoint.answer?.kind === 'json-object' && pathParams(endpoint.path).length === 0 && !endpoint.params.some((param) => param.required) && !endpoint.roles?.length,
  );
  const withEmail = candidates.filter((endpoint) => endpoint.answer?.fields.some((field) => field.format === 'email' || /^e-?mail$/i.test(field.name)));
  const byLength = (a: Endpoint, b: Endpoint): number => a.path.length - b.path.length;
  return [...withEmail].sort(byLength)[0];
}

function actionOf(endpoint: Endpoint, hasId: boolean): RouteSpec['action'] | undefined {
  switch (endpoint.answer?.kind) {
    case 'html':
      return hasId ? 'view' : 'list';
    case 'json-array':
      return 'list';
    case 'json-object':
      return hasId ? 'metadata' : 'view';
    case 'file':
      return endpoint.answer.inline ? 'preview' : 'download';
    case 'archive':
      return 'export';
    default:
      return undefined;
  }
}

function writesOf(personal: readonly Endpoint[], ids: Profile['ids'], csrfField: string | undefined): WriteRoute[] {
  const lastIs = (endpoint: Endpoint, binding: string): boolean => {
    const params = pathParams(endpoint.path).map(bindingName);
    return params.at(-1) === binding && params.every((param) => param === ids.piece || param === ids.dossier);
  };
  const binary = (endpoint: Endpoint): Field | undefined => endpoint.body?.fields.find((field) => field.format === 'binary');
  const kept = (endpoint: Endpoint): Field[] => (endpoint.body?.fields ?? []).filter((field) => field.name !== csrfField && !CSRF.test(field.name));
  const writes: WriteRoute[] = [];
  const uploads = personal.filter((endpoint) => endpoint.method === 'POST' && endpoint.body?.type === 'multipart' && binary(endpoint) && lastIs(endpoint, ids.dossier));
  // The API's upload answers the new document; a page's form answers a redirect.
  const upload = uploads.find((endpoint) => endpoint.answer?.kind === 'json-object') ?? uploads[0];
  if (upload) {
    const multipart = Object.fromEntries(
      kept(upload).map((field) => [field.name, field.format === 'binary' ? '@file' : DOCUMENT_VALUES.includes(field.name) ? `{${field.name}}` : field.enum ? '{type}' : '{titre}']),
    );
    const idField = upload.answer?.fields.find((field) => field.name === 'id');
    writes.push({
      name: 'upload',
      action: 'upload',
      object: 'dossier',
      request: { method: 'POST', path: renameParams(upload.path), multipart, ...(idField ? { capture: { [ids.piece]: idField.name } } : {}) },
      ownerFields: { [ids.dossier]: ids.dossier, [ids.usager]: ids.usager },
    });
  }
  const rename = personal.find((endpoint) => endpoint.method === 'PATCH' && endpoint.body?.type === 'json' && lastIs(endpoint, ids.piece) && kept(endpoint).some((field) => field.type === 'string'));
  const renamed = rename && kept(rename).find((field) => field.type === 'string');
  if (rename && renamed) writes.push({ name: 'rename', action: 'rename', object: 'piece', request: { method: 'PATCH', path: renameParams(rename.path), json: { [renamed.name]: '{titre}' } } });
  const replace = personal.find((endpoint) => (endpoint.method === 'PUT' || endpoint.method === 'POST') && endpoint.body?.type === 'multipart' && binary(endpoint) && lastIs(endpoint, ids.piece));
  const replaced = replace && binary(replace);
  if (replace && replaced) writes.push({ name: 'replace', action: 'replace', object: 'piece', request: { method: replace.method, path: renameParams(replace.path), multipart: { [replaced.name]: '@file' } } });
  const remove = personal.find((endpoint) => endpoint.method === 'DELETE' && lastIs(endpoint, ids.piece));
  if (remove) writes.push({ name: 'delete', action: 'delete', object: 'piece', request: { method: 'DELETE', path: renameParams(remove.path) } });
  return writes;
}

/** A write on a document that answers a link, and the delete that takes the link's token. */
function shareOf(personal: readonly Endpoint[], ids: Profile['ids'], ask: (field: string, question: string, drafted?: unknown) => void): ShareConfig | undefined {
  const linkField = (endpoint: Endpoint): Field | undefined => endpoint.answer?.fields.find((field) => field.format === 'uri' || field.format === 'uri-reference' || /^(url|link|href)$/i.test(field.name));
  const create = personal.find((endpoint) => endpoint.method === 'POST' && realFields(endpoint).length === 0 && pathParams(endpoint.path).map(bindingName).at(-1) === ids.piece && endpoint.answer?.kind === 'json-object' && linkField(endpoint));
  const url = create && linkField(create);
  if (!create || !url) return undefined;
  const answerNames = new Set(create.answer?.fields.map((field) => field.name));
  const revoke = personal.find((endpoint) => endpoint.method === 'DELETE' && pathParams(endpoint.path).length === 1 && answerNames.has(pathParams(endpoint.path)[0] ?? ''));
  const tokenName = revoke ? pathParams(revoke.path)[0] : undefined;
  const expires = create.answer?.fields.find((field) => field.format === 'date-time' && /expir/i.test(field.name));
  const capture: Record<string, string> = { shareUrl: url.name, ...(tokenName ? { shareToken: tokenName } : {}), ...(expires ? { expiresAt: expires.name } : {}) };
  if (!revoke) ask('share.revoke', `${create.method} ${create.path} creates a share link: which request revokes one?`);
  return {
    create: { method: 'POST', path: renameParams(create.path), capture },
    open: '{shareUrl}',
    ...(revoke && tokenName ? { revoke: { method: 'DELETE', path: revoke.path.replace(`{${tokenName}}`, '{shareToken}') } } : {}),
  };
}

/** Body fields a person fills (not the CSRF token). */
function realFields(endpoint: Endpoint): Field[] {
  return (endpoint.body?.fields ?? []).filter((field) => !CSRF.test(field.name));
}

/** A parameter's name as a binding (`case_id` → `caseId`, `X-Usager-Id` → `xUsagerId`). */
export function bindingName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((word, index) => (index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `v${joined}`;
}

function renameParams(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => `{${bindingName(name)}}`);
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${count} ${value}`).join(', ');
}
