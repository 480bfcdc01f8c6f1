import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';

/**
 * The profile format, version 2: the one source of its TypeScript types (Static<>) and of the
 * shipped src/profile/profile.schema.json (`npm run schemas`). A profile says how to talk to one
 * portal; nothing of a portal is ever written in a check.
 */

const Path = Type.String({ pattern: '^/', description: 'Path on the target, `{binding}` placeholders allowed.' });
const BindingName = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$' });
const StringMap = Type.Record(Type.String(), Type.String());
const Name = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' });
const EnvName = Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' });
const strict = <T extends TProperties>(properties: T, description?: string): TObject<T> =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

/**
 * The fields of every request the profile describes (reads, lists, searches, writes, login,
 * logout, provisioning): one shape. Placeholders `{binding}` or `{binding|transform}` anywhere in
 * path, query, headers and bodies; in a multipart body the value `@file` sends the document.
 */
const requestFields = {
  method: Type.String({ pattern: '^[A-Z]+$', description: 'Any HTTP method: GET, POST, PUT, PATCH, DELETE, REPORT...' }),
  path: Path,
  query: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Query parameters, added to the path (values encoded).' })),
  headers: Type.Optional(StringMap),
  json: Type.Optional(Type.Unknown({ description: 'JSON body; a string that is one placeholder keeps the value\'s type.' })),
  form: Type.Optional(StringMap),
  multipart: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Multipart fields; `@file` sends the document.' })),
  expectStatus: Type.Optional(Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), { description: 'Accepted statuses (default: any 2xx).' })),
  capture: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Binding name → dotted path in the JSON answer (`id`, `0.id`, `case.ref`).' })),
};
export const RequestTemplate = strict(requestFields);
export type RequestTemplate = Static<typeof RequestTemplate>;

const FormLogin = strict({
  page: Path,
  fields: strict({ email: Type.String(), password: Type.String() }),
  submit: Type.String(),
  /** Regex the URL must match after a successful login. */
  successUrl: Type.String(),
});
export type FormLogin = Static<typeof FormLogin>;

const CsrfSource = strict({
  from: strict({ path: Path, jsonPath: Type.Optional(Type.String()), selector: Type.Optional(Type.String()) }),
  header: Type.Optional(Type.String()),
  field: Type.Optional(Type.String()),
});
export type CsrfSource = Static<typeof CsrfSource>;

const BrowserStorage = strict(
  {
    area: Type.Union([Type.Literal('localStorage'), Type.Literal('sessionStorage')]),
    key: Type.String({ minLength: 1 }),
    jsonPath: Type.Optional(Type.String({ minLength: 1, description: 'The value is JSON and the token sits at this dotted path in it.' })),
  },
  'Where the target\'s own page script keeps the token: each identity\'s browser starts with it there.',
);
export type BrowserStorage = Static<typeof BrowserStorage>;

const CookieSession = strict({ type: Type.Literal('cookie'), cookieName: Type.String({ minLength: 1 }) });
const BearerSession = strict({
  type: Type.Literal('bearer'),
  /** Dotted path of the token in the login answer. */
  capture: Type.String({ minLength: 1 }),
  header: Type.Optional(Type.String()),
  scheme: Type.Optional(Type.String()),
  browserStorage: Type.Optional(BrowserStorage),
});
export type BearerSession = Static<typeof BearerSession>;

const Whoami = strict({
  ...requestFields,
  method: Type.Optional(requestFields.method),
  proves: Type.Optional(Type.String({ minLength: 1, description: 'The binding whose value the answer must hold (default `email`): an id, an e-mail, a reference.' })),
});
export type Whoami = Static<typeof Whoami>;

const AuthConfig = strict({
  login: Type.Object({ api: Type.Optional(RequestTemplate), form: Type.Optional(FormLogin) }, { additionalProperties: false, minProperties: 1 }),
  logout: Type.Object(
    { api: Type.Optional(RequestTemplate), form: Type.Optional(strict({ page: Path, submit: Type.String({ minLength: 1 }) })) },
    { additionalProperties: false, minProperties: 1 },
  ),
  session: Type.Union([CookieSession, BearerSession]),
  whoami: Whoami,
  csrf: Type.Optional(CsrfSource),
  apiToken: Type.Optional(
    strict(
      {
        request: RequestTemplate,
        capture: Type.String({ minLength: 1 }),
        header: Type.Optional(Type.String({ minLength: 1 })),
        scheme: Type.Optional(Type.String()),
      },
      'A token the portal hands a signed-in person for its programs (an API key, a JWT for a mobile app): `request` is sent with the session, the token read at `capture` and sent back as `header: scheme token`. The token checks forge and alter it like the session itself.',
    ),
  ),
});
export type AuthConfig = Static<typeof AuthConfig>;

const UiForm = strict({
  page: Type.String({ minLength: 1 }),
  fields: StringMap,
  submit: Type.String({ minLength: 1 }),
  successUrl: Type.String({ minLength: 1 }),
});
export type UiForm = Static<typeof UiForm>;

const IdLookup = strict({
  usager: Type.Optional(Type.Array(RequestTemplate)),
  representant: Type.Optional(Type.Array(RequestTemplate)),
  agent: Type.Optional(Type.Array(RequestTemplate)),
});
export type IdLookup = Static<typeof IdLookup>;

const PieceLookup = strict({
  request: RequestTemplate,
  items: Type.Optional(Type.String()),
  match: Type.String({ minLength: 1 }),
  capture: Type.Record(Type.String(), Type.String(), { minProperties: 1 }),
});
export type PieceLookup = Static<typeof PieceLookup>;

const ApiProvisioning = strict({
  mode: Type.Literal('api'),
  tokenEnv: EnvName,
  tokenHeader: Type.String({ minLength: 1 }),
  usager: RequestTemplate,
  representant: Type.Optional(RequestTemplate),
  agent: Type.Optional(RequestTemplate),
  document: RequestTemplate,
});
const AccountsProvisioning = strict({
  mode: Type.Literal('accounts'),
  file: Type.String({ minLength: 1 }),
  document: RequestTemplate,
  lookup: Type.Optional(IdLookup),
  pieces: Type.Optional(PieceLookup),
});
const UiProvisioning = strict({
  mode: Type.Literal('ui'),
  register: UiForm,
  upload: strict({ ...UiForm.properties, file: Type.String({ minLength: 1 }) }),
  file: Type.Optional(Type.String({ minLength: 1 })),
  lookup: Type.Optional(IdLookup),
  pieces: Type.Optional(PieceLookup),
});
const ProvisioningConfig = Type.Union([ApiProvisioning, AccountsProvisioning, UiProvisioning]);
export type ProvisioningConfig = Static<typeof ProvisioningConfig>;

const TeardownRequest = strict(
  {
    as: Type.Union([Type.Literal('provisioning'), Type.Literal('owner')], {
      description: '`provisioning`: sent with the provisioning token (mode `api`); `owner`: sent in the session of the object\'s owner (the person itself for a person).',
    }),
    ...requestFields,
    expectStatus: Type.Optional(Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), { description: 'Statuses that mean removed (default: any 2xx, and 404 or 410 for an object already gone).' })),
  },
  'One delete request; its placeholders are the object\'s bindings (a document\'s owner\'s too, as `{owner.name}`).',
);
export type TeardownRequest = Static<typeof TeardownRequest>;
const Teardown = Type.Object(
  {
    document: Type.Optional(TeardownRequest),
    usager: Type.Optional(TeardownRequest),
    representant: Type.Optional(TeardownRequest),
    agent: Type.Optional(TeardownRequest),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      'How what a run seeded is removed from the target, at the end of every run (passed, failed or interrupted) and by `cloison cleanup`: documents first, then representatives and agents, then usagers. People of an accounts file are never removed. A kind without a request is left, and listed.',
  },
);
export type TeardownConfig = Static<typeof Teardown>;

const ObjectKind = Type.Union([Type.Literal('piece'), Type.Literal('dossier'), Type.Literal('usager')]);
export type ObjectKind = Static<typeof ObjectKind>;
const Action = Type.Union([
  Type.Literal('view'),
  Type.Literal('metadata'),
  Type.Literal('download'),
  Type.Literal('preview'),
  Type.Literal('list'),
  Type.Literal('search'),
  Type.Literal('export'),
]);
export type Action = Static<typeof Action>;
const PersonRole = Type.Union([Type.Literal('usager'), Type.Literal('representant'), Type.Literal('agent')]);
export type PersonRole = Static<typeof PersonRole>;

const RouteSpec = strict({
  name: Name,
  action: Action,
  channel: Type.Union([Type.Literal('ui'), Type.Literal('api')]),
  object: Type.Union([ObjectKind, Type.Literal('self')]),
  ...requestFields,
  id: Type.Optional(BindingName),
  filters: Type.Optional(Type.Record(Type.String(), BindingName)),
  queries: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  roles: Type.Optional(Type.Array(PersonRole, { minItems: 1 })),
});
export type RouteSpec = Static<typeof RouteSpec>;

const WriteAction = Type.Union([Type.Literal('upload'), Type.Literal('rename'), Type.Literal('replace'), Type.Literal('delete')]);
export type WriteAction = Static<typeof WriteAction>;
const WriteRoute = strict({
  name: Name,
  action: WriteAction,
  object: Type.Union([Type.Literal('dossier'), Type.Literal('piece')]),
  request: RequestTemplate,
  ownerFields: Type.Optional(Type.Record(Type.String(), BindingName)),
  ownSpace: Type.Optional(Type.Boolean({ description: '`upload` only: the upload lands in the uploader\'s own space (no target object to aim at).' })),
});
export type WriteRoute = Static<typeof WriteRoute>;

/**
 * A request that reads although its method may write: a search, a summary or a GraphQL query sent
 * as POST. Only these (and GET, HEAD) are replayed by discovery and identity substitution as other
 * people; any other request a crawl records may write, and stays with the write checks.
 */
const ReadOnlyRequest = strict(
  {
    method: requestFields.method,
    path: Type.String({ pattern: '^/', description: 'The request\'s path; a `{name}` placeholder matches any one segment, the query is not compared.' }),
  },
  'A request that changes nothing whatever its method (`{ "method": "POST", "path": "/v3/cases/search" }`): discovery and identity substitution replay it, body included, as every forbidden identity.',
);
export type ReadOnlyRequest = Static<typeof ReadOnlyRequest>;

const ShareConfig = strict({
  create: RequestTemplate,
  open: Type.String({ minLength: 1 }),
  revoke: Type.Optional(RequestTemplate),
  ttlSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type ShareConfig = Static<typeof ShareConfig>;

const Audience = Type.Array(
  Type.Union([Type.Literal('owner'), Type.Literal('representative'), Type.Literal('agent:same-mdph'), Type.Literal('agent:any')]),
  { contains: Type.Literal('owner'), description: 'Who may: `owner`, `representative`, `agent:same-mdph`, `agent:any`; the owner always.' },
);
export type Audience = Static<typeof Audience>;
const PolicyConfig = strict({
  read: Audience,
  write: Type.Optional(Audience),
  routes: Type.Optional(
    Type.Record(Type.String(), strict({ read: Type.Optional(Audience), write: Type.Optional(Audience) }), { description: 'Route name → audience overriding the default for that route.' }),
  ),
});
export type PolicyConfig = Static<typeof PolicyConfig>;

const LaunchConfig = strict({
  command: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  env: Type.Optional(StringMap),
  provisioningTokenEnv: Type.Optional(EnvName),
  flawsEnv: Type.Optional(EnvName),
  readyPath: Type.Optional(Path),
});
export type LaunchConfig = Static<typeof LaunchConfig>;

const Bindings = strict({
  declared: Type.Optional(Type.Array(BindingName, { description: 'Bindings an adapter provides that no request captures.' })),
  files: Type.Optional(Type.Array(BindingName, { description: 'Bindings that are file names in a path (traversal vectors climb through them).' })),
  references: Type.Optional(Type.Array(BindingName, { description: 'Bindings that are reference numbers of a person: markers for the oracle.' })),
});
export type BindingsConfig = Static<typeof Bindings>;

const People = strict({
  roles: Type.Array(PersonRole, { minItems: 1, contains: Type.Literal('usager'), uniqueItems: true, description: 'Roles the portal has; usagers always.' }),
  tenants: Type.Optional(Type.Boolean({ description: 'Whether the portal separates offices (MDPH): tenant checks run only then.' })),
  emailDomain: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$', description: 'Domain of generated e-mails (default example.test).' })),
});
export type PeopleConfig = Static<typeof People>;

export const Profile = strict({
  $schema: Type.Optional(Type.String()),
  version: Type.Literal(2),
  name: Name,
  description: Type.Optional(Type.String()),
  baseURL: Type.String({ pattern: '^https?://[^/]+/?$' }),
  allowedHosts: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  launch: Type.Optional(LaunchConfig),
  auth: AuthConfig,
  provisioning: ProvisioningConfig,
  teardown: Type.Optional(Teardown),
  adapter: Type.Optional(Type.String({ pattern: '\\.(ts|mts|js|mjs)$' })),
  ids: strict({ piece: BindingName, dossier: BindingName, usager: BindingName }),
  bindings: Type.Optional(Bindings),
  people: People,
  routes: Type.Array(RouteSpec, { minItems: 1 }),
  writes: Type.Optional(Type.Array(WriteRoute)),
  readOnly: Type.Optional(Type.Array(ReadOnlyRequest, { description: 'Requests that only read although their method may write; a declared route (`routes`) is one already.' })),
  share: Type.Optional(ShareConfig),
  policy: PolicyConfig,
  startPages: Type.Optional(Type.Array(Path)),
});
export type Profile = Static<typeof Profile>;
