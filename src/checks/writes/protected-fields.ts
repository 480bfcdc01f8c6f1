import { isDeepStrictEqual } from 'node:util';

/** A field of a writable object that says whose it is or where its bytes live, with both values. */
export interface ProtectedField {
  name: string;
  /** Why it is protected: it holds one of the owner's ids, or a storage key, path or digest. */
  kind: 'identifier' | 'storage';
  own: unknown;
  victim: unknown;
}

export interface ProtectedFieldSearch {
  fields: ProtectedField[];
  /** Why no field could be tried, when none was found. */
  reason?: string;
}

// A file name (`12-avis.pdf`), a path or URL (`/store/…`, `https://…/file`), or a content digest.
const FILE_NAME = /^[^\s?#]*[^\s/?#.]\.[A-Za-z0-9]{1,8}$/;
const PATH_OR_URL = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)\S+$/i;
const DIGEST = /^[0-9a-f]{32,}$/i;
// Shapes a file name test would take for one: instants, decimals, e-mail addresses.
const NOT_STORAGE = [/^\d{4}-\d{2}-\d{2}[T ]/, /^-?\d+\.\d+$/, /@/];

/** True for a string that names where bytes are kept: a file name, a path or URL, a digest. */
export function isStorageLike(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2048 || NOT_STORAGE.some((shape) => shape.test(value))) return false;
  return FILE_NAME.test(value) || PATH_OR_URL.test(value) || DIGEST.test(value);
}

/** The scalars of a value, a few levels down (a pointer `{className, objectId}`, a file `{name, url}`). */
function scalarsOf(value: unknown, depth = 3): (string | number)[] {
  if (typeof value === 'string' || typeof value === 'number') return [value];
  if (depth === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.values(value).flatMap((item) => scalarsOf(item, depth - 1));
}

/**
 * The fields of the owner's own metadata answer that hold one of the owner's identifiers (its
 * person's and its object's ids, as the run knows them) or a storage-like string, and whose
 * value in the victim's answer for its own object differs: the values to substitute, one at a
 * time. Found from the answers alone, never from field names: a field is protected by what it
 * holds. A nested object (a pointer, a file reference) is substituted whole.
 */
export function protectedFieldsOf(own: unknown, victim: unknown, ownIds: readonly (string | number)[]): ProtectedFieldSearch {
  if (own === null || typeof own !== 'object' || Array.isArray(own)) return { fields: [], reason: 'the owner\'s metadata answer is not a JSON object' };
  if (victim === null || typeof victim !== 'object' || Array.isArray(victim)) return { fields: [], reason: 'the victim\'s metadata answer is not a JSON object' };
  const ids = new Set(ownIds.map(String));
  const theirs = victim as Record<string, unknown>;
  const fields: ProtectedField[] = [];
  for (const [name, value] of Object.entries(own)) {
    const other = theirs[name];
    if (other === undefined || other === null || isDeepStrictEqual(value, other)) continue;
    const scalars = scalarsOf(value);
    const kind = scalars.some((scalar) => ids.has(String(scalar))) ? 'identifier' : scalars.some(isStorageLike) ? 'storage' : undefined;
    if (kind) fields.push({ name, kind, own: value, victim: other });
  }
  if (fields.length > 0) return { fields };
  return { fields, reason: 'the owner\'s metadata holds no field with one of its ids or a storage key that differs from the victim\'s' };
}
