/**
 * The profile's types, derived from its one schema source (./schema.ts). A profile tells cloison
 * how to talk to one portal; the checks read only it and the population.
 */
export type {
  Action,
  Audience,
  AuthConfig,
  BearerSession,
  BindingsConfig,
  BrowserStorage,
  CsrfSource,
  FormLogin,
  IdLookup,
  LaunchConfig,
  ObjectKind,
  PeopleConfig,
  PersonRole,
  PieceLookup,
  PolicyConfig,
  Profile,
  ProvisioningConfig,
  ReadOnlyRequest,
  RequestTemplate,
  RouteSpec,
  ShareConfig,
  TeardownConfig,
  TeardownRequest,
  UiForm,
  Whoami,
  WriteAction,
  WriteRoute,
} from './schema';
