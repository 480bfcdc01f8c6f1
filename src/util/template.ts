/**
 * `{name}`, `{a.b}` and `{name|transform|transform}` placeholders, filled from flat bindings. The
 * transforms are those a portal's routes need when one id travels in another shape (an id sent
 * as base64url, a reference in upper case, a file sent as base64 inside a JSON body).
 */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)((?:\|[a-z0-9]+)*)\}/g;

export type Bindings = Record<string, string | number | undefined>;

export class MissingBindingError extends Error {}

/**
 * The document being sent, as a binding: its bytes carried as a latin1 string, so that
 * `{file|base64}` in a JSON body is the base64 of the file's bytes (uploads through a JSON API).
 */
export const FILE_BINDING = 'file';

type Encoding = 'utf8' | 'latin1';
export const TRANSFORMS: Readonly<Record<string, (value: string, encoding: Encoding) => string>> = {
  base64: (value, encoding) => Buffer.from(value, encoding).toString('base64'),
  base64url: (value, encoding) => Buffer.from(value, encoding).toString('base64url'),
  hex: (value, encoding) => Buffer.from(value, encoding).toString('hex'),
  urlencode: (value) => encodeURIComponent(value),
  lower: (value) => value.toLowerCase(),
  upper: (value) => value.toUpperCase(),
};

export interface Placeholder {
  name: string;
  transforms: string[];
}

function parse(match: RegExpMatchArray): Placeholder {
  return { name: match[1] ?? '', transforms: (match[2] ?? '').split('|').filter(Boolean) };
}

function render(placeholder: Placeholder, bindings: Bindings, template: string): string {
  const value = bindings[placeholder.name];
  if (value === undefined) throw new MissingBindingError(`no value for {${placeholder.name}} in "${template}"`);
  // Only the first transform sees the raw bytes of the file; the next ones see text.
  return placeholder.transforms.reduce((current, transform, index) => {
    const apply = TRANSFORMS[transform];
    if (!apply) throw new MissingBindingError(`unknown transform |${transform} in "${template}"`);
    return apply(current, index === 0 && placeholder.name === FILE_BINDING ? 'latin1' : 'utf8');
  }, String(value));
}

/** Fills a string; each value goes through its transforms, then `encode` (URL paths encode, bodies do not). */
export function fill(template: string, bindings: Bindings, encode: (value: string) => string = (value) => value): string {
  return template.replace(PLACEHOLDER, (...match: string[]) => encode(render(parse(match as unknown as RegExpMatchArray), bindings, template)));
}

/** Fills a JSON template: a string that is exactly one placeholder without transform keeps the value's own type. */
export function fillJson(template: unknown, bindings: Bindings): unknown {
  if (typeof template === 'string') {
    const whole = /^\{([A-Za-z][A-Za-z0-9.]*)\}$/.exec(template);
    if (whole?.[1] !== undefined) {
      const value = bindings[whole[1]];
      if (value === undefined) throw new MissingBindingError(`no value for {${whole[1]}}`);
      return value;
    }
    return fill(template, bindings);
  }
  if (Array.isArray(template)) return template.map((item) => fillJson(item, bindings));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [fill(key, bindings), fillJson(value, bindings)]));
  }
  return template;
}

/** The binding names a template uses (transforms left aside). */
export function placeholdersOf(template: string): string[] {
  return placeholderUses(template).map((use) => use.name);
}

export function placeholderUses(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map(parse);
}

/** Every string inside a JSON template, keys included: where placeholders may sit. */
export function stringsOf(template: unknown): string[] {
  if (typeof template === 'string') return [template];
  if (Array.isArray(template)) return template.flatMap(stringsOf);
  if (template !== null && typeof template === 'object') return Object.entries(template).flatMap(([key, value]) => [key, ...stringsOf(value)]);
  return [];
}

/** Reads a dotted path (`id`, `dossier.id`, `items.0.id`) out of parsed JSON. */
export function readPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, part) => {
    if (current === null || typeof current !== 'object') return undefined;
    return (current as Record<string, unknown>)[part];
  }, value);
}
