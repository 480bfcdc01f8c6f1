import { Type, type Static } from '@sinclair/typebox';
import { Path, RequestTemplate, requestFields, strict } from './schema-request';

/** How the profile signs people in and out, carries and proves their session. */

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

export const AuthConfig = strict({
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
