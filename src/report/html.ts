/**
 * The evidence report's only way to write HTML: a tagged template that escapes every
 * interpolated value unless it is itself a fragment made by this tag. Excerpts, URLs, titles and
 * marker values come from the target, so nothing reaches the page unescaped by default, and a
 * value placed in an unquoted attribute (where escaping is not enough) is refused.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** A piece of HTML built by `html`; its text is safe to place as is. */
export class Html {
  constructor(private readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[];

function render(value: Renderable): string {
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return (value as readonly Renderable[]).map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    if (/\s[\w:-]+=\s*$/.test(strings[i] ?? '')) throw new Error(`html: value ${i} is placed in an unquoted attribute`);
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Constant markup written by cloison itself (the style sheet); never for anything received. */
export function trustedConstant(text: string): Html {
  return new Html(text);
}
