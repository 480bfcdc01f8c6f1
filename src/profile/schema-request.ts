import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';

/** The profile format's building blocks: names, paths, and the one shape of a request. */

export const Path = Type.String({ pattern: '^/', description: 'Path on the target, `{binding}` placeholders allowed.' });
export const BindingName = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$' });
export const StringMap = Type.Record(Type.String(), Type.String());
export const Name = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' });
export const EnvName = Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' });
export const strict = <T extends TProperties>(properties: T, description?: string): TObject<T> =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

/**
 * The fields of every request the profile describes (reads, lists, searches, writes, login,
 * logout, provisioning): one shape. Placeholders `{binding}` or `{binding|transform}` anywhere in
 * path, query, headers and bodies; in a multipart body the value `@file` sends the document.
 */
export const requestFields = {
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
