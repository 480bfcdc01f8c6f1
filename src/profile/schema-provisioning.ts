import { Type, type Static } from '@sinclair/typebox';
import { EnvName, RequestTemplate, StringMap, requestFields, strict } from './schema-request';

/** How a run seeds its people and documents into the target, and removes them afterwards. */

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
export const ProvisioningConfig = Type.Union([ApiProvisioning, AccountsProvisioning, UiProvisioning]);
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
export const Teardown = Type.Object(
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
