/**
 * Profiles written before format 2 still load: they are read as version 2 with what version 1
 * meant (every route a GET, the three roles and separate offices), and one line says so.
 * Version 1 knew file-name and reference bindings by a fixed list of names; version 2 needs them
 * declared (`bindings.files`, `bindings.references`), and the notice says that too.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

export function isV1(value: unknown): boolean {
  return isObject(value) && value.version === undefined;
}

export function convertV1(v1: Json): Json {
  const routes: unknown = Array.isArray(v1.routes)
    ? v1.routes.map((route: unknown) => (isObject(route) && route.method === undefined ? { ...route, method: 'GET' } : route))
    : v1.routes;
  return { ...v1, version: 2, people: { roles: ['usager', 'representant', 'agent'], tenants: true }, routes };
}

export function v1Notice(source: string): string {
  return (
    `${source}: profile format 1, read as format 2 (add "version": 2, "people" and a "method" on each route; ` +
    'declare "bindings.files" and "bindings.references" for traversal vectors and reference markers; see docs/profile.md)'
  );
}
