/** `{name}` and `{a.b}` placeholders, filled from flat bindings. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\}/g;

export type Bindings = Record<string, string | number | undefined>;

export class MissingBindingError extends Error {}

/** Fills a string; each value goes through `encode` (URL paths encode, bodies do not). */
export function fill(template: string, bindings: Bindings, encode: (value: string) => string = (value) => value): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = bindings[name];
    if (value === undefined) throw new MissingBindingError(`no value for {${name}} in "${template}"`);
    return encode(String(value));
  });
}

/** Fills a JSON template: a string that is exactly one placeholder keeps the value's own type. */
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
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fillJson(value, bindings)]));
  }
  return template;
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** Reads a dotted path (`id`, `dossier.id`, `items.0.id`) out of parsed JSON. */
export function readPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, part) => {
    if (current === null || typeof current !== 'object') return undefined;
    return (current as Record<string, unknown>)[part];
  }, value);
}
