import { idKindOf } from '../discovery/ids';
import { idName, type Param } from './endpoints';
import type { HarEntry, Shape } from './har-format';
import { decodeOrKeep, parseJsonOrUndefined } from '../util/lenient';

export const STRONG_IDS = new Set(['integer', 'uuid', 'hex', 'base64', 'reference']);

/** A recorded path as a template, and the placeholders it holds. */
export interface PathTemplate {
  path: string;
  params: Param[];
}

/** Route templates: id-shaped segments, and values that repeat at one place across requests. */
export function pathTemplater(shapes: readonly Shape[]): (shape: Shape) => PathTemplate {
  const variable = new Set<string>();
  const groups = new Map<string, Set<string>>();
  for (const { entry, segments } of shapes) {
    segments.forEach((segment, at) => {
      if (!segment) return;
      const key = placeKey(entry, segments, at);
      const values = groups.get(key) ?? new Set<string>();
      values.add(segment);
      groups.set(key, values);
    });
  }
  for (const [key, values] of groups) if (values.size > 1) variable.add(key);
  const namedBy = idFieldNames(shapes.map(({ entry }) => entry));
  return ({ entry, segments }) => {
    const names = new Set<string>();
    const pathParamsFound: Param[] = [];
    const templated = segments.map((raw, at) => {
      if (!raw) return raw;
      const value = decodeOrKeep(raw);
      const kind = idKindOf(value);
      const repeated = variable.has(placeKey(entry, segments, at));
      const afterPlaceholder = segments.slice(0, at).some((part) => idKindOf(decodeOrKeep(part)) !== undefined && STRONG_IDS.has(idKindOf(decodeOrKeep(part)) ?? ''));
      const strong = kind !== undefined && STRONG_IDS.has(kind);
      // A plain word after an id is the name of a sub-resource (`/files/{id}/blob`, `/files/{id}/thumbnail`), not a value.
      const word = /^[A-Za-z]+(?:[-_][A-Za-z]+)*$/.test(value);
      if (!strong && !(repeated && (kind === 'fileName' || (afterPlaceholder && !word)))) return raw;
      let name = (kind !== 'fileName' ? namedBy.get(value) : undefined) ?? placeholderName(segments[at - 1], kind === 'fileName' ? 'Name' : 'Id');
      for (let n = 2; names.has(name); n++) name = `${placeholderName(segments[at - 1], 'Id')}${n}`;
      names.add(name);
      pathParamsFound.push({ name, in: 'path', required: true, idLike: strong });
      return `{${name}}`;
    });
    return { path: templated.join('/'), params: pathParamsFound };
  };
}

/** One place of a path among the requests of one method and length: the segments around it. */
function placeKey(entry: HarEntry, segments: readonly string[], at: number): string {
  return `${entry.request.method} ${segments.length} ${segments.slice(0, at).join('/')} ${at} ${segments.slice(at + 1).join('/')}`;
}

/**
 * The name an API gives its ids: `{ "caseRef": "2026-0042" }` in an answer names the segment
 * `/cases/2026-0042` `caseRef`, not `caseId`. Only shapes that cannot be another object's id
 * (not integers, which every table shares) and names that say which object (`caseRef`, not `id`).
 */
function idFieldNames(entries: readonly HarEntry[]): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && idName(key) && !/^(id|uuid|guid|ref)$/i.test(key) && !names.has(item) && STRONG_IDS.has(idKindOf(item) ?? '') && idKindOf(item) !== 'integer') names.set(item, key);
      else visit(item, depth + 1);
    }
  };
  for (const entry of entries) if (/json/i.test(entry.response.content?.mimeType ?? '')) visit(parseJsonOrUndefined(entry.response.content?.text), 0);
  return names;
}

/** `files` → `fileId`; `cases` → `caseId`; nothing before → `id`. */
function placeholderName(previous: string | undefined, suffix: 'Id' | 'Name'): string {
  const word = (previous ?? '').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').pop() ?? '';
  if (!word || /^\d/.test(word) || idKindOf(word) !== undefined) return suffix === 'Id' ? 'id' : 'name';
  const singular = word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
  return `${singular.charAt(0).toLowerCase()}${singular.slice(1)}${suffix}`;
}
