/**
 * What `cloison init` learned about a portal, whatever it learned it from (an OpenAPI document, a
 * recorded session): its operations, each described by what the draft needs to decide.
 */

/** A field of a request body, or a property of a JSON answer. */
export interface Field {
  name: string;
  /** `email`, `password`, `binary`, `uri`, `date-time`… as the source says. */
  format?: string;
  type?: string;
  enum?: readonly unknown[];
  required?: boolean;
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** The value looks like an object's identifier (integer, UUID, `…Id`), not a word or a term. */
  idLike: boolean;
}

/** What a successful answer is, which decides the route's action. */
export type AnswerKind = 'html' | 'json-array' | 'json-object' | 'file' | 'archive' | 'asset' | 'redirect' | 'empty' | 'other';

export interface Answer {
  status: number;
  kind: AnswerKind;
  /** A file shown in place (`Content-Disposition: inline`): a preview. */
  inline?: boolean;
  /** A page holding a file input (seen in a recording): the form of an upload, not a read of what its path names. */
  uploadForm?: boolean;
  /** Top-level properties of a JSON answer (of its items, for a list). */
  fields: Field[];
  /** Names of the cookies the answer sets. */
  setsCookies?: string[];
}

export interface Endpoint {
  method: string;
  /** Path template, placeholders as `{name}`. */
  path: string;
  params: Param[];
  body?: { type: 'json' | 'form' | 'multipart'; fields: Field[] };
  answer?: Answer;
  /** `public`: no credential; `session`: a signed-in person; `admin`: only an administration key. */
  access: 'public' | 'session' | 'admin';
  /** Role names the source says the route needs (OpenAPI 3.1 security requirements). */
  roles?: string[];
  /** Header names of the administration key that guards an `admin` endpoint. */
  adminHeader?: string;
  /** Why every recorded request of this endpoint only reads although its method may write (src/init/read-only-hint.ts). */
  readOnly?: string;
}

export type SessionEvidence =
  | { type: 'cookie'; cookieName: string }
  | { type: 'bearer'; header: string; scheme: string; capture?: string; browserStorage?: { area: 'localStorage' | 'sessionStorage'; key: string; jsonPath?: string } };

export interface Evidence {
  endpoints: Endpoint[];
  /** How a signed-in person's requests carry their session. */
  session?: SessionEvidence;
  /** A bearer scheme besides a cookie session: tokens for programs. */
  programTokens?: boolean;
  baseURL?: string;
  title?: string;
  /** What the source showed beyond the endpoints (a recorded login, whoami), for the draft to prefer. */
  login?: { method: string; path: string };
  logout?: { method: string; path: string };
  whoami?: { path: string; proves: 'email' | 'id' };
  csrf?: { header?: string; field?: string; from?: { path: string; jsonPath: string } };
}

/** Placeholders of a path template, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
}

/** `/a/{pieceId}` and `/a/{id}` are one route: the key of a template with its names erased. */
export function templateKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.split('?')[0]?.replace(/\{[^}]*\}/g, '{}') ?? ''}`;
}

/** A name that looks like an identifier's: `id`, `pieceId`, `case_id`, `uuid`, `ref`. */
export function idName(name: string): boolean {
  return /(?:Id|ID|_id|-id|Uuid|UUID|_uuid|Ref|_ref)$/.test(name) || /^(id|uuid|guid|ref)$/i.test(name);
}

/**
 * One picture from two sources: the document's endpoints first (it names parameters and roles),
 * then what only the recording saw; the recording's login, logout, whoami, CSRF and token place.
 */
export function mergeEvidence(documented: Evidence, recorded: Evidence): Evidence {
  const known = new Set(documented.endpoints.map((endpoint) => templateKey(endpoint.method, endpoint.path)));
  // A document says a page is HTML; only the recording saw that it is an upload's form.
  const forms = new Set(recorded.endpoints.filter((endpoint) => endpoint.answer?.uploadForm).map((endpoint) => templateKey(endpoint.method, endpoint.path)));
  const seen = (endpoint: Endpoint): Endpoint => (endpoint.answer && forms.has(templateKey(endpoint.method, endpoint.path)) ? { ...endpoint, answer: { ...endpoint.answer, uploadForm: true } } : endpoint);
  const session =
    documented.session && recorded.session && documented.session.type === recorded.session.type
      ? ({ ...recorded.session, ...documented.session, ...(recorded.session.type === 'bearer' ? { capture: recorded.session.capture, browserStorage: recorded.session.browserStorage } : {}) } as SessionEvidence)
      : (documented.session ?? recorded.session);
  return {
    ...recorded,
    ...documented,
    endpoints: [...documented.endpoints.map(seen), ...recorded.endpoints.filter((endpoint) => !known.has(templateKey(endpoint.method, endpoint.path)))],
    ...(session ? { session } : {}),
    baseURL: documented.baseURL ?? recorded.baseURL,
    login: recorded.login ?? documented.login,
    logout: recorded.logout ?? documented.logout,
    whoami: recorded.whoami ?? documented.whoami,
    csrf: documented.csrf ?? recorded.csrf,
  };
}
