import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors';
import { idName, type Answer, type AnswerKind, type Endpoint, type Evidence, type Field, type Param } from './endpoints';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace', 'query'];
const ARCHIVES = /^application\/(zip|x-zip-compressed|x-tar|gzip|x-gzip|x-7z-compressed)$/i;

/** Reads an OpenAPI 3 document from a file or an http(s) URL (JSON). */
export async function readOpenapi(source: string): Promise<{ document: Json; origin?: string }> {
  let text: string;
  let origin: string | undefined;
  if (/^https?:\/\//i.test(source)) {
    const answer = await fetch(source, { headers: { accept: 'application/json' } });
    if (!answer.ok) throw new ConfigError('--openapi', `${source} answered ${answer.status}`);
    text = await answer.text();
    origin = new URL(source).origin;
  } else {
    text = await readFile(source, 'utf8').catch(() => {
      throw new ConfigError('--openapi', `${source} cannot be read`);
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ConfigError('--openapi', `${source} is not JSON (a YAML document: convert it to JSON first)`);
  }
  if (!isObject(document) || typeof document.openapi !== 'string' || !document.openapi.startsWith('3.')) {
    throw new ConfigError('--openapi', `${source} is not an OpenAPI 3 document (no "openapi": "3.x")`);
  }
  return { document, origin };
}

/** The operations of an OpenAPI 3 document, as endpoints, with its session and key schemes. */
export function evidenceFromOpenapi(document: Json, origin?: string): Evidence {
  const deref = dereferencer(document);
  const schemes = schemesOf(document, deref);
  const endpoints: Endpoint[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(rawItem);
    if (!isObject(item)) continue;
    const shared = asArray(item.parameters);
    for (const method of METHODS) {
      const operation = deref(item[method]);
      if (!isObject(operation)) continue;
      const params = [...shared, ...asArray(operation.parameters)].map(deref).filter(isObject).map((param) => paramOf(param, deref));
      endpoints.push({
        method: method.toUpperCase(),
        path,
        params: dedupe(params),
        body: bodyOf(deref(operation.requestBody), deref),
        answer: answerOf(operation.responses, deref),
        ...securityOf(operation.security ?? document.security, schemes, deref),
      });
    }
  }
  const info = isObject(document.info) ? document.info : {};
  const server = asArray(document.servers).map(deref).filter(isObject)[0];
  const serverUrl = typeof server?.url === 'string' ? server.url : undefined;
  const baseURL = serverUrl && /^https?:\/\//.test(serverUrl) ? new URL(serverUrl).origin : origin;
  return {
    endpoints,
    ...(schemes.cookie
      ? { session: { type: 'cookie' as const, cookieName: String(schemes.of(schemes.cookie).name) }, programTokens: schemes.bearer !== undefined }
      : schemes.bearer
        ? { session: { type: 'bearer' as const, header: 'Authorization', scheme: 'Bearer' } }
        : {}),
    ...(baseURL ? { baseURL } : {}),
    ...(typeof info.title === 'string' ? { title: info.title } : {}),
  };
}

/** The document's security schemes: the session's cookie or bearer, and the header keys an administrator holds. */
interface Schemes {
  cookie: string | undefined;
  bearer: string | undefined;
  headerKeys: string[];
  session: Set<string>;
  of(name: string): Json;
}

function schemesOf(document: Json, deref: (value: unknown) => unknown): Schemes {
  const components = isObject(document.components) ? document.components : {};
  const schemes = (isObject(components.securitySchemes) ? components.securitySchemes : {}) as Record<string, unknown>;
  const schemeOf = (name: string): Json => (isObject(deref(schemes[name])) ? (deref(schemes[name]) as Json) : {});
  const cookieScheme = Object.keys(schemes).find((name) => schemeOf(name).type === 'apiKey' && schemeOf(name).in === 'cookie');
  const bearerScheme = Object.keys(schemes).find((name) => schemeOf(name).type === 'http' && /^bearer$/i.test(String(schemeOf(name).scheme)));
  const headerKeys = Object.keys(schemes).filter((name) => schemeOf(name).type === 'apiKey' && schemeOf(name).in === 'header');
  const sessionSchemes = new Set([cookieScheme, bearerScheme].filter((name): name is string => name !== undefined));
  return { cookie: cookieScheme, bearer: bearerScheme, headerKeys, session: sessionSchemes, of: schemeOf };
}

/** Who may call an operation, from its security requirements: anyone, a signed-in person (with roles), or an administration key. */
function securityOf(declared: unknown, schemes: Schemes, deref: (value: unknown) => unknown): Pick<Endpoint, 'access' | 'roles' | 'adminHeader'> {
  const requirements = asArray(declared).map(deref).filter(isObject);
  const used = requirements.flatMap((requirement) => Object.keys(requirement));
  const access: Endpoint['access'] =
    // A document that declares no security at all says nothing: the route is taken as personal.
    declared === undefined
      ? 'session'
      : requirements.length === 0 || requirements.some((requirement) => Object.keys(requirement).length === 0)
        ? 'public'
        : used.some((name) => schemes.session.has(name) || !schemes.headerKeys.includes(name))
          ? 'session'
          : 'admin';
  const roleNames = requirements.flatMap((requirement) => Object.values(requirement).flatMap((roles) => asArray(roles).map(String)));
  const everyRequirementNamesRoles = requirements.length > 0 && requirements.every((requirement) => Object.values(requirement).some((roles) => asArray(roles).length > 0));
  const adminScheme = access === 'admin' ? used.find((name) => schemes.headerKeys.includes(name)) : undefined;
  return {
    access,
    ...(everyRequirementNamesRoles ? { roles: [...new Set(roleNames)] } : {}),
    ...(adminScheme ? { adminHeader: String(schemes.of(adminScheme).name) } : {}),
  };
}

function paramOf(param: Json, deref: (value: unknown) => unknown): Param {
  const schema = flatten(deref(param.schema), deref);
  const name = String(param.name);
  const where = param.in === 'path' || param.in === 'header' ? param.in : 'query';
  // A path segment's schema says it is an id; a query's page number looks like one too, so its name decides.
  const idLike = idName(name) || schema.format === 'uuid' || (where === 'path' && idSchema(schema));
  return { name, in: where, required: param.required === true || where === 'path', idLike };
}

/** An integer, a UUID, or a string of digits or hex: an identifier's schema. */
function idSchema(schema: Json): boolean {
  if (schema.type === 'integer') return true;
  if (schema.format === 'uuid') return true;
  return typeof schema.pattern === 'string' && /^\^?\[(1-9|0-9|0-9a-f|0-9a-fA-F|a-f0-9)\]/.test(schema.pattern);
}

function bodyOf(body: unknown, deref: (value: unknown) => unknown): Endpoint['body'] {
  if (!isObject(body) || !isObject(body.content)) return undefined;
  const types = [
    ['application/json', 'json'],
    ['multipart/form-data', 'multipart'],
    ['application/x-www-form-urlencoded', 'form'],
  ] as const;
  for (const [contentType, type] of types) {
    const media = deref(body.content[contentType]);
    if (isObject(media)) return { type, fields: fieldsOf(flatten(deref(media.schema), deref), deref) };
  }
  return undefined;
}

function answerOf(responses: unknown, deref: (value: unknown) => unknown): Answer | undefined {
  if (!isObject(responses)) return undefined;
  const statuses = Object.keys(responses).filter((status) => /^[23]\d\d$|^2XX$/i.test(status)).sort();
  const status = statuses.find((code) => code.startsWith('2')) ?? statuses[0];
  if (status === undefined) return undefined;
  const response = deref(responses[status]);
  if (!isObject(response)) return undefined;
  const headers = isObject(response.headers) ? response.headers : {};
  const header = (name: string): Json | undefined => {
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
    const value = key ? deref(headers[key]) : undefined;
    return isObject(value) ? value : undefined;
  };
  const disposition = header('content-disposition');
  const inline = disposition !== undefined && /(^|[^a-z])inline/i.test(JSON.stringify(disposition));
  const setsCookies = header('set-cookie') ? cookieNames(JSON.stringify(header('set-cookie'))) : undefined;
  const content = isObject(response.content) ? response.content : {};
  const types = Object.keys(content);
  const numeric = Number(status.replace(/XX/i, '00'));
  let kind: AnswerKind;
  let fields: Field[] = [];
  const json = types.find((type) => /json/i.test(type));
  if (types.length === 0) kind = numeric >= 300 ? 'redirect' : 'empty';
  else if (types.some((type) => /html/i.test(type))) kind = 'html';
  else if (json) {
    const schema = flatten(deref((deref(content[json]) as Json | undefined)?.schema), deref);
    const items = schema.type === 'array' ? flatten(deref(schema.items), deref) : undefined;
    kind = items ? 'json-array' : 'json-object';
    fields = fieldsOf(items ?? schema, deref);
  } else if (types.some((type) => ARCHIVES.test(type))) kind = 'archive';
  else if (types.some((type) => /javascript|css|font/i.test(type))) kind = 'asset';
  else if (types.some((type) => /^(application\/(pdf|octet-stream)|image\/|audio\/|video\/|text\/plain)/i.test(type))) kind = 'file';
  else kind = 'other';
  return { status: numeric, kind, fields, ...(inline ? { inline } : {}), ...(setsCookies?.length ? { setsCookies } : {}) };
}

function cookieNames(text: string): string[] {
  return [...text.matchAll(/([A-Za-z0-9_.-]+)=/g)].map((match) => match[1] ?? '').filter(Boolean);
}

function fieldsOf(schema: Json, deref: (value: unknown) => unknown): Field[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = asArray(schema.required).map(String);
  return Object.entries(properties).map(([name, raw]) => {
    const property = flatten(deref(raw), deref);
    return {
      name,
      ...(typeof property.format === 'string' ? { format: property.format } : {}),
      ...(typeof property.type === 'string' ? { type: property.type } : {}),
      ...(Array.isArray(property.enum) ? { enum: property.enum as unknown[] } : {}),
      ...(required.includes(name) ? { required: true } : {}),
    };
  });
}

/** `allOf` merged into one object schema (what a generator of clients would do). */
function flatten(schema: unknown, deref: (value: unknown) => unknown): Json {
  if (!isObject(schema)) return {};
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = (schema.allOf as unknown[]).map((part) => flatten(deref(part), deref));
  const merged: Json = {};
  const properties: Json = {};
  for (const part of parts) {
    Object.assign(merged, part);
    if (isObject(part.properties)) Object.assign(properties, part.properties);
  }
  return {
    ...merged,
    type: 'object',
    properties,
    required: parts.flatMap((part) => asArray(part.required)),
  };
}

/** Resolves local `$ref`s (`#/components/…`); a reference to another file is left unresolved. */
function dereferencer(document: Json): (value: unknown) => unknown {
  const resolve = (value: unknown, depth = 0): unknown => {
    if (!isObject(value) || typeof value.$ref !== 'string' || depth > 20) return value;
    if (!value.$ref.startsWith('#/')) return {};
    const target = value.$ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), document);
    return resolve(target, depth + 1);
  };
  return (value) => resolve(value);
}

function dedupe(params: Param[]): Param[] {
  const byKey = new Map<string, Param>();
  for (const param of params) byKey.set(`${param.in} ${param.name}`, param);
  return [...byKey.values()];
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
