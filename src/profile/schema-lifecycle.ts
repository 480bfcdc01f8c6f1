import { Type, type Static } from '@sinclair/typebox';
import { BindingName, RequestTemplate, strict } from './schema-request';

/**
 * How the portal changes what a person may do after sign-in (the account lifecycle checks,
 * tests/lifecycle/): each action is optional, and an action the profile does not declare is not
 * applicable, with the field named. Every action is tried on a throw-away usager the check
 * provisions for itself, never on a person the other checks use.
 */
const Refresh = strict(
  {
    request: RequestTemplate,
    token: BindingName,
  },
  'How a session is renewed: `token` is the binding the login captures (`auth.login.api.capture`) holding the refresh token, which `request` sends (`{refreshToken}`). The renewed session is the answer\'s cookie, or its token at `auth.session.capture`. When `request.capture` captures `token` again, the portal rotates refresh tokens, and a spent one must be refused.',
);
export type RefreshConfig = Static<typeof Refresh>;

export const Lifecycle = Type.Object(
  {
    passwordChange: Type.Optional(
      strict(
        { request: RequestTemplate },
        'Sent as the person, in its own session (CSRF token and bearer header added): `{password}` is the current password, `{newPassword}` the new one.',
      ),
    ),
    disable: Type.Optional(strict({ request: RequestTemplate }, 'Disables an account: sent with the provisioning token (provisioning.mode `api`), the person\'s bindings as placeholders (`{usagerId}`).')),
    revokeRole: Type.Optional(strict({ request: RequestTemplate }, 'Takes a usager\'s role away: sent with the provisioning token, the person\'s bindings as placeholders.')),
    refresh: Type.Optional(Refresh),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Account lifecycle: after each declared action every session and refresh token held before it must be refused; a rotated refresh token must be single-use.',
  },
);
export type LifecycleConfig = Static<typeof Lifecycle>;
