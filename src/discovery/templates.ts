import { idKindOf, namesBinding, type IdKind } from './ids';
import { decodeOrKeep } from '../util/lenient';

/** One variable part of a request: where it is, what it held, and whose binding it is. */
export interface Slot {
  location: 'path' | 'query' | 'json' | 'form';
  /** Path segment index, query or form parameter name, or JSON pointer (`/dossier/id`). */
  at: string;
  value: string;
  kind?: IdKind;
  /** The population binding the value belongs to (`pieceId`), when the run seeded it. */
  binding?: string;
  /** Its name in the template: the binding, or the shape of an id nobody seeded (`integer`). */
  placeholder: string;
}

/** A recorded request turned into a route: `GET /api/files/{fileId}/content` plus its slots. */
export interface RouteShape {
  method: string;
  /** Path and query with `{placeholder}`s, ready for `fill`. */
  path: string;
  /** What coverage and findings name: `GET /api/files/{fileId}/content`. */
  template: string;
  slots: Slot[];
  /** Placeholder → value as recorded: filling `path` with them gives the request back. */
  values: Record<string, string>;
}

/** Which binding a value is (hint: the segment before it, or the field that holds it). */
export type Tie = (value: string, hint: string | undefined) => string | undefined;

/** Turns one recorded request into its route template, its id slots and their population bindings. */
export function inferShape(method: string, url: string, tie: Tie, body?: { text: string; contentType?: string }): RouteShape {
  const parsed = new URL(url, 'http://origin.invalid');
  const slots: Slot[] = [];
  const values: Record<string, string> = {};
  const name = (base: string): string => {
    let candidate = base;
    for (let n = 2; candidate in values; n++) candidate = `${base}${n}`;
    return candidate;
  };
  const slotFor = (location: Slot['location'], at: string, value: string, hint: string | undefined): Slot | undefined => {
    const binding = tie(value, hint);
    const kind = idKindOf(value);
    // A file name is a route word (`app.js`) unless the run seeded it (a stored file name).
    if (binding === undefined && (kind === undefined || kind === 'fileName')) return undefined;
    const placeholder = name(binding ?? kind ?? 'id');
    values[placeholder] = value;
    const slot: Slot = { location, at, value, placeholder, ...(kind ? { kind } : {}), ...(binding ? { binding } : {}) };
    slots.push(slot);
    return slot;
  };

  const segments = parsed.pathname.split('/');
  const pathParts = segments.map((raw, index) => {
    if (raw === '') return raw;
    const value = decodeOrKeep(raw);
    const previous = index > 0 ? decodeOrKeep(segments[index - 1] ?? '') : undefined;
    const slot = slotFor('path', String(index), value, previous || undefined);
    return slot ? `{${slot.placeholder}}` : raw;
  });
  const queryParts = [...parsed.searchParams.entries()].map(([key, value]) => {
    const slot = slotFor('query', key, value, key);
    return `${encodeURIComponent(key)}=${slot ? `{${slot.placeholder}}` : encodeURIComponent(value)}`;
  });
  if (body && /json/i.test(body.contentType ?? '')) {
    try {
      walkJson(JSON.parse(body.text) as unknown, '', (pointer, key, value) => void slotFor('json', pointer, value, key));
    } catch {
      // Not JSON after all: the body is replayed as it was, with no slot in it.
    }
  } else if (body && /x-www-form-urlencoded/i.test(body.contentType ?? '')) {
    for (const [key, value] of new URLSearchParams(body.text)) slotFor('form', key, value, key);
  }
  const path = pathParts.join('/') + (queryParts.length > 0 ? `?${queryParts.join('&')}` : '');
  return { method: method.toUpperCase(), path, template: `${method.toUpperCase()} ${path}`, slots, values };
}

function walkJson(value: unknown, pointer: string, visit: (pointer: string, key: string | undefined, value: string) => void): void {
  if (typeof value === 'string' || typeof value === 'number') {
    visit(pointer, pointer.split('/').at(-1), String(value));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walkJson(item, `${pointer}/${index}`, visit));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walkJson(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit);
  }
}

/**
 * The template of a request with a body, its body's id slots named as the substitution family
 * names positions: `POST /api/search [json:/caseId={caseRef}]`. Without any, the template alone.
 */
export function templateWithBody(shape: RouteShape): string {
  const body = shape.slots.filter((slot) => slot.location === 'json' || slot.location === 'form');
  return body.length === 0 ? shape.template : `${shape.template} [${body.map((slot) => `${slot.location}:${slot.at}={${slot.placeholder}}`).join(', ')}]`;
}

/** Whether a template with placeholders (from a script) names the same route as a concrete path. */
export function templateMatches(template: string, concretePath: string): boolean {
  const [templatePath = ''] = template.split('?');
  const [path = ''] = concretePath.split('?');
  const wanted = templatePath.split('/');
  const got = path.split('/');
  if (wanted.length !== got.length) return false;
  return wanted.every((part, index) => /^\{[^}]*\}$/.test(part) ? (got[index] ?? '') !== '' : part === got[index]);
}

/** Placeholder names erased: `/a/{pieceId}` and `/a/{id}` are one route. */
export function routeKey(template: string): string {
  return template.replace(/\{[^}]*\}/g, '{}');
}


/**
 * For each placeholder of a script's template, the bindings worth trying, best first: the binding
 * recorded requests used after the same literal segment (`pieces/{…}` was `pieceId`), the variable's
 * own name, a binding the segment names, then the profile's id order.
 */
export function rankBindings(template: string, variables: readonly string[], learned: ReadonlyMap<string, string>, available: readonly string[], preference: readonly string[]): string[][] {
  const segments = (template.split('?')[0] ?? '').split('/');
  const ranked: string[][] = [];
  let variable = 0;
  segments.forEach((segment, index) => {
    if (!/^\{[^}]*\}$/.test(segment)) return;
    const name = variables[variable++] ?? segment.slice(1, -1);
    const previous = index > 0 ? segments[index - 1] : undefined;
    const candidates = [
      previous !== undefined ? learned.get(previous) : undefined,
      available.find((binding) => binding === name),
      ...available.filter((binding) => previous !== undefined && namesBinding(previous, binding)),
      ...available.filter((binding) => namesBinding(name, binding)),
      ...preference,
    ];
    ranked.push([...new Set(candidates.filter((binding): binding is string => binding !== undefined && available.includes(binding)))]);
  });
  return ranked;
}

/** Which binding followed which literal path segment in the recorded requests. */
export function learnSegments(shapes: readonly RouteShape[]): Map<string, string> {
  const learned = new Map<string, string>();
  for (const shape of shapes) {
    const segments = (shape.path.split('?')[0] ?? '').split('/');
    for (const slot of shape.slots) {
      if (slot.location !== 'path' || !slot.binding) continue;
      const previous = segments[Number(slot.at) - 1];
      if (previous && !previous.startsWith('{') && !learned.has(previous)) learned.set(previous, slot.binding);
    }
  }
  return learned;
}

/** A script's template with its placeholders renamed to bindings: `/a/{id}` → `/a/{pieceId}`. */
export function renamePlaceholders(template: string, bindings: readonly string[]): string {
  let index = 0;
  return template.replace(/\{[^}]*\}/g, () => `{${bindings[index++] ?? 'value'}}`);
}
