import { Type, type Static } from '@sinclair/typebox';
import { AuthConfig } from './schema-auth';
import { Lifecycle } from './schema-lifecycle';
import { ProvisioningConfig, Teardown } from './schema-provisioning';
import { BindingName, EnvName, Name, Path, RequestTemplate, StringMap, requestFields, strict } from './schema-request';

export type { AuthConfig, BearerSession, BrowserStorage, CsrfSource, FormLogin, Whoami } from './schema-auth';
export type { LifecycleConfig, RefreshConfig } from './schema-lifecycle';
export type { IdLookup, PieceLookup, ProvisioningConfig, TeardownConfig, TeardownRequest, UiForm } from './schema-provisioning';
export { RequestTemplate } from './schema-request';

/**
 * The profile format, version 2 (its parts in ./schema-*.ts): the one source of its TypeScript
 * types (Static<>) and of the shipped src/profile/profile.schema.json (`npm run schemas`). A
 * profile says how to talk to one portal; nothing of a portal is ever written in a check.
 */

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
  readyTimeoutSeconds: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 600, description: 'How long the launched target may take to answer readyPath (default 30 s): a server that starts a database first needs more on a loaded machine.' }),
  ),
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
  lifecycle: Type.Optional(Lifecycle),
  policy: PolicyConfig,
  startPages: Type.Optional(Type.Array(Path)),
});
export type Profile = Static<typeof Profile>;

