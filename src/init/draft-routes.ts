import type { Profile, RouteSpec } from '../profile/schema';
import { pathParams, type Endpoint } from './endpoints';
import { CSRF } from './draft-csrf';
import { bindingName, renameParams, slug } from './draft-names';
import { describe, type DraftNotes } from './draft-notes';
import type { DraftedRoles } from './draft-roles';

type UnnamedRoute = Omit<RouteSpec, 'name'>;

/** Routes: every read of a signed-in person whose ids the draft knows, but the sign-in's own reads. */
export function draftRoutes(personal: readonly Endpoint[], ids: Profile['ids'], auth: readonly (Endpoint | undefined)[], roles: DraftedRoles, notes: DraftNotes): RouteSpec[] {
  const known = new Set([ids.piece, ids.dossier]);
  const nameOf = routeNamer();
  const authPaths = new Set(auth.filter(Boolean).map((endpoint) => `GET ${endpoint?.path ?? ''}`));
  const routes: RouteSpec[] = [];
  const unbound = new Map<string, string[]>();
  for (const endpoint of personal) {
    if (endpoint.method !== 'GET' || authPaths.has(`GET ${endpoint.path}`)) continue;
    const read = readOf(endpoint, ids, known, roles, notes);
    if (!read) continue;
    if ('unbound' in read) unbound.set(describe(endpoint), read.unbound);
    else routes.push({ name: nameOf(endpoint, read.channel, read.action), ...read });
  }
  for (const [route, params] of unbound) notes.ask('routes', `${route} needs ${params.map((param) => `{${param}}`).join(', ')}, which no request of the draft captures: which answer holds it (add it to a capture, and to bindings.files if it is a file name)? The route was left out.`);
  if (routes.length === 0) notes.ask('routes', 'No read of a signed-in person was recognised: list the routes that hand out someone\'s documents.');
  notes.decisions.push(`routes: ${routes.length} (${countBy(routes.map((route) => route.action))})`);
  return routes;
}

/** One read as a route, the parameters nobody captures when it needs some, or nothing when it is no read. */
function readOf(endpoint: Endpoint, ids: Profile['ids'], known: ReadonlySet<string>, roles: DraftedRoles, notes: DraftNotes): UnnamedRoute | { unbound: string[] } | undefined {
  const kind = endpoint.answer?.kind;
  const inPath = pathParams(endpoint.path);
  const strangers = inPath.filter((param) => !known.has(bindingName(param)));
  if (strangers.length > 0) return kind && kind !== 'redirect' && kind !== 'asset' ? { unbound: strangers } : undefined;
  // An upload's form page is a write's (its audience is policy.write's): as a read, its positive control fails.
  if (endpoint.answer?.uploadForm) {
    notes.ask('routes', `${describe(endpoint)} is a page holding an upload form, left out of the reads: add it as a route if it also shows the person's documents.`);
    return undefined;
  }
  const action = actionOf(endpoint, inPath.length > 0);
  if (!action) return undefined;
  const path = renameParams(endpoint.path);
  const bound = pathParams(path);
  const object = bound.includes(ids.piece) ? 'piece' : bound.includes(ids.dossier) ? 'dossier' : 'self';
  const term = endpoint.params.find((param) => param.in === 'query' && param.required && !param.idLike);
  const otherRequired = endpoint.params.filter((param) => param.required && param.in !== 'path' && param !== term && !CSRF.test(param.name));
  if (otherRequired.length > 0) return { unbound: otherRequired.map((param) => param.name) };
  const filters = Object.fromEntries(
    endpoint.params
      .filter((param) => param.in === 'query' && !param.required && param.idLike && Object.values(ids).includes(bindingName(param.name)))
      .map((param) => [param.name, bindingName(param.name)]),
  );
  const channel = kind === 'html' ? 'ui' : 'api';
  const mapped = roles.mapped(endpoint);
  const finalAction = term && action === 'list' ? 'search' : action;
  return {
    action: finalAction,
    channel,
    object,
    method: 'GET',
    path,
    ...(term && action === 'list' ? { query: { [term.name]: '{query}' }, queries: ['{titleWord}', '{canary}'] } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(mapped ? { roles: mapped } : {}),
  };
}

/** Names routes after their path's last words, each name once. */
function routeNamer(): (endpoint: Endpoint, channel: string, action: string) => string {
  const names = new Set<string>();
  return (endpoint, channel, action) => {
    // Version and `api` prefixes name nothing: `GET /api/v2/files/{id}/blob` is `files-blob-download`.
    const words = endpoint.path.split('/').filter((part) => part && !part.startsWith('{')).map(slug).filter((word) => word && word !== 'api' && !/^v\d+$/.test(word));
    const base = [...words.slice(-2), channel === 'ui' ? 'page' : action].join('-');
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
    names.add(name);
    return name;
  };
}

function actionOf(endpoint: Endpoint, hasId: boolean): RouteSpec['action'] | undefined {
  switch (endpoint.answer?.kind) {
    case 'html':
      return hasId ? 'view' : 'list';
    case 'json-array':
      return 'list';
    case 'json-object':
      return hasId ? 'metadata' : 'view';
    case 'file':
      return endpoint.answer.inline ? 'preview' : 'download';
    case 'archive':
      return 'export';
    default:
      return undefined;
  }
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${count} ${value}`).join(', ');
}
