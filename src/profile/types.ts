/**
 * A profile tells cloison how to talk to one portal. The checks read only this and the
 * population: no portal route is ever written in a check.
 */

/** A request template: `{name}` placeholders are filled from bindings (person, document, ids). */
export interface RequestTemplate {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  json?: Record<string, unknown>;
  form?: Record<string, string>;
  /** Multipart fields; the value `@file` sends the document's bytes. */
  multipart?: Record<string, string>;
  headers?: Record<string, string>;
  /** Accepted statuses (default: any 2xx). */
  expectStatus?: number[];
  /** Values to keep from a JSON answer: binding name → dotted path (`id`, `dossier.id`). */
  capture?: Record<string, string>;
}

export interface FormLogin {
  page: string;
  fields: { email: string; password: string };
  submit: string;
  /** Regex the URL must match after a successful login. */
  successUrl: string;
}

export interface CsrfSource {
  /** Where the token is read, after login: a JSON answer (path) or a page (CSS selector of an input). */
  from: { path: string; jsonPath?: string; selector?: string };
  /** Header that carries it on writes. */
  header?: string;
  /** Form field that carries it on form posts. */
  field?: string;
}

export interface BearerSession {
  type: 'bearer';
  /** Dotted path of the token in the login answer. */
  capture: string;
  header?: string;
  scheme?: string;
  /**
   * Where the target's own page script keeps the token (a single-page app): the browser of each
   * identity starts with it there, as after a real sign-in. Without it, pages see no session.
   */
  browserStorage?: { area: 'localStorage'; key: string };
}

export interface AuthConfig {
  login: { api?: RequestTemplate; form?: FormLogin };
  logout: { api?: RequestTemplate; form?: { page: string; submit: string } };
  session: { type: 'cookie'; cookieName: string } | BearerSession;
  /** Proves who a session is: the answer must hold the person's e-mail. */
  whoami: { path: string };
  csrf?: CsrfSource;
  /**
   * A token the portal hands a signed-in person for its programs (an API key, a JWT for a mobile
   * app): `request` is sent with the session, the token read at `capture` and sent back as
   * `header: scheme token`. The token checks forge and alter it like the session itself.
   */
  apiToken?: { request: RequestTemplate; capture: string; header?: string; scheme?: string };
}

export type ProvisioningConfig =
  | {
      mode: 'api';
      /** Env variable holding the provisioning token (never written anywhere). */
      tokenEnv: string;
      tokenHeader: string;
      usager: RequestTemplate;
      representant?: RequestTemplate;
      agent?: RequestTemplate;
      document: RequestTemplate;
    }
  | {
      mode: 'accounts';
      /**
       * JSON file of pre-provisioned accounts `[{key, email, password, role, mdph, represents?}]`,
       * relative to the profile file (CLOISON_ACCOUNTS overrides it). Passwords are secrets.
       */
      file: string;
      /** Upload route sent as the signed-in owner (with its CSRF token); `{owner.<binding>}` are the owner's ids. */
      document: RequestTemplate;
      lookup?: IdLookup;
      pieces?: PieceLookup;
    }
  | {
      mode: 'ui';
      /** Usagers sign up through this form in Chromium. */
      register: UiForm;
      /** Each document is uploaded by its owner through this form; `page` is filled with the owner's ids. */
      upload: UiForm & { file: string };
      /** Representatives and agents cannot sign up: they come from this accounts file (same format as `accounts`). */
      file?: string;
      lookup?: IdLookup;
      pieces?: PieceLookup;
    };

/**
 * Reads the ids a portal gave a person (usagerId, dossierId...) after login, as that person: each
 * template is sent in order with the session, and its `capture` adds bindings (`0.id` reads lists).
 */
export interface IdLookup {
  usager?: RequestTemplate[];
  representant?: RequestTemplate[];
  agent?: RequestTemplate[];
}

/**
 * Reads a pièce's ids from a list answer when the upload answer does not give them: the item whose
 * `match` field holds the document's canary is the pièce; `capture` maps bindings to its fields.
 */
export interface PieceLookup {
  /** Sent as the owner; `{owner.<binding>}` are the owner's ids. */
  request: RequestTemplate;
  /** Dotted path to the array in the answer (default: the answer itself). */
  items?: string;
  /** Field of an item that holds the canary (a title or file name). */
  match: string;
  capture: Record<string, string>;
}

/** A form filled in Chromium: CSS selector → value template (`{prenom}`, `{mdph}`); selects are chosen by value. */
export interface UiForm {
  page: string;
  fields: Record<string, string>;
  submit: string;
  /** Regex the URL must match once the form was accepted. */
  successUrl: string;
}

export type ObjectKind = 'piece' | 'dossier' | 'usager';
export type Action = 'view' | 'metadata' | 'download' | 'preview' | 'list' | 'search' | 'export';

export interface RouteSpec {
  name: string;
  action: Action;
  channel: 'ui' | 'api';
  /**
   * What the route addresses: an object of someone (`piece`, `dossier`) whose ids go in the path,
   * or `self` for lists and searches that answer about the caller.
   */
  object: ObjectKind | 'self';
  path: string;
  /** Query parameters a client could add to narrow a list: name → binding (`dossierId`, `usagerId`). */
  filters?: Record<string, string>;
  /** `self` routes: search terms; `{titleWord}` and `{canary}` are taken from each victim's documents. */
  queries?: string[];
  /**
   * The roles the route exists for (an agent back office: `["agent"]`). Such routes are probed by
   * the roles and tenants checks: positive controls by these roles only, every other role an attacker.
   */
  roles?: PersonRole[];
}

export type PersonRole = 'usager' | 'representant' | 'agent';

export type WriteAction = 'upload' | 'rename' | 'replace' | 'delete';

/**
 * A route that changes data. Write probes only ever target objects the run itself seeded, and
 * run only when writes are allowed (CLOISON_ALLOW_WRITES).
 */
export interface WriteRoute {
  name: string;
  action: WriteAction;
  /** `upload` addresses a dossier; `rename`, `replace` and `delete` address a pièce. */
  object: 'dossier' | 'piece';
  /** Filled from the target object's bindings plus `{titre}`, `{type}`; `@file` sends a file. */
  request: RequestTemplate;
  /**
   * `upload` only: body fields a client could add to claim another owner (mass assignment),
   * field name → binding of the victim. Default: the dossier and usager id bindings.
   */
  ownerFields?: Record<string, string>;
}

/** Share links of a pièce: who may open them, how long they live, and how they die. */
export interface ShareConfig {
  /** Creates a link as someone who may write the pièce; `capture` gives `shareUrl` and/or `shareToken`. */
  create: RequestTemplate;
  /** How a link is opened: a template over the captured bindings, e.g. `{shareUrl}` or `/s/{shareToken}`. */
  open: string;
  /** Revokes a link (filled with the captured bindings). */
  revoke?: RequestTemplate;
  /** Lifetime of a link on this target; expiry is proven by waiting when it is short enough. */
  ttlSeconds?: number;
}

export interface PolicyConfig {
  /** Who may read an object: `owner`, `representative`, `agent:same-mdph`, `agent:any`. */
  read: string[];
  write?: string[];
}

export interface LaunchConfig {
  /** Shell command that starts the target; `{port}` is replaced. */
  command: string;
  port: number;
  env?: Record<string, string>;
  /** Env variable (in `env` of the launched target) that receives a fresh provisioning token. */
  provisioningTokenEnv?: string;
  /** Env variable that receives the comma-separated flaw list (self-test targets only). */
  flawsEnv?: string;
  readyPath?: string;
}

export interface Profile {
  name: string;
  description?: string;
  baseURL: string;
  allowedHosts: string[];
  launch?: LaunchConfig;
  auth: AuthConfig;
  provisioning: ProvisioningConfig;
  /**
   * A TypeScript module (relative to the profile file) exporting hooks for what JSON cannot express
   * (src/adapter/types.ts). Resolved to an absolute path when the profile is loaded.
   */
  adapter?: string;
  /** Binding name of each object kind's id in captures and paths, e.g. piece → pieceId. */
  ids: Record<ObjectKind, string>;
  routes: RouteSpec[];
  /** Write routes (upload, rename, replace, delete), probed by the write-side checks. */
  writes?: WriteRoute[];
  share?: ShareConfig;
  policy: PolicyConfig;
  startPages?: string[];
}
