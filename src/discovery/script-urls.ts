/**
 * URLs a page or script could request but nobody clicked: string literals with a path shape,
 * concatenations (`'/api/v1/files/' + id + '/fetch'`) and template literals (`/a/${id}`).
 * Old endpoints survive in exactly these places long after the UI stopped linking them.
 */

/** A path found in text; variable parts become `{name}` (the variable's name, for the binding hint). */
export interface FoundUrl {
  path: string;
  variables: string[];
}

const LITERAL = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
const PATH_CHARS = /^[A-Za-z0-9_~.%/{}?&=:;,@+!$*'()[\]-]*$/;
const MAX_EXPRESSION = 80;

export function urlsInText(text: string, origin?: string): FoundUrl[] {
  const found = new Map<string, FoundUrl>();
  LITERAL.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = LITERAL.exec(text)) !== null) {
    const [whole, quote = '', raw = ''] = match;
    const first = literalValue(quote, raw);
    const start = relativePath(first.text, origin);
    if (start === undefined) continue;
    // Follow `+ expr + 'literal' + …` as far as the chain goes.
    let path = start;
    const variables = [...first.variables];
    let at = match.index + whole.length;
    for (;;) {
      const plus = /^\s*\+\s*/.exec(text.slice(at));
      if (!plus) break;
      at += plus[0].length;
      const next = new RegExp(LITERAL.source, 'y');
      next.lastIndex = at;
      const literal = next.exec(text);
      if (literal) {
        const value = literalValue(literal[1] ?? '', literal[2] ?? '');
        path += value.text;
        variables.push(...value.variables);
        at += literal[0].length;
        continue;
      }
      const expression = expressionAt(text, at);
      if (!expression) break;
      const name = variableName(expression);
      path += `{${name}}`;
      variables.push(name);
      at += expression.length;
    }
    LITERAL.lastIndex = Math.max(LITERAL.lastIndex, at);
    if (!looksLikePath(path)) continue;
    found.set(path, { path, variables });
  }
  return [...found.values()];
}

function literalValue(quote: string, raw: string): { text: string; variables: string[] } {
  const unescaped = raw.replace(/\\(.)/g, '$1');
  if (quote !== '`') return { text: unescaped, variables: [] };
  const variables: string[] = [];
  const text = unescaped.replace(/\$\{([^}]*)\}/g, (_, expression: string) => {
    const name = variableName(expression);
    variables.push(name);
    return `{${name}}`;
  });
  return { text, variables };
}

/** A same-origin path, from a relative literal or an absolute URL on the target's own origin. */
function relativePath(value: string, origin: string | undefined): string | undefined {
  if (/^\/[A-Za-z0-9_{~.%-]/.test(value) && !value.startsWith('//')) return value;
  if (origin && value.startsWith(`${origin}/`)) return value.slice(origin.length);
  return undefined;
}

function looksLikePath(path: string): boolean {
  if (path.length > 300 || !PATH_CHARS.test(path)) return false;
  const route = path.split('?')[0] ?? '';
  // At least one word segment: `/` alone or `/{x}` tells nothing about a route.
  return route.split('/').some((segment) => /^[A-Za-z][A-Za-z0-9_.-]*$/.test(segment));
}

/** The expression between two `+` of a concatenation, balanced on brackets, or undefined. */
function expressionAt(text: string, at: number): string | undefined {
  let depth = 0;
  let end = at;
  for (; end < text.length && end - at <= MAX_EXPRESSION; end++) {
    const char = text[end] ?? '';
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && '+;,\n?:'.includes(char)) break;
    else if ('\'"`'.includes(char)) return undefined;
  }
  const expression = text.slice(at, end).trim();
  return depth === 0 && /[A-Za-z_$]/.test(expression) ? text.slice(at, end).replace(/\s+$/, '') : undefined;
}

/** `id` → `id`; `piece.id` → `pieceId`; `encodeURIComponent(dossierId)` → `dossierId`. */
export function variableName(expression: string): string {
  const inner = /\(([^()]*)\)\s*$/.exec(expression.trim())?.[1] ?? expression;
  const parts = inner.trim().split('.').map((part) => part.replace(/[^A-Za-z0-9_$]/g, '')).filter(Boolean);
  const last = parts.at(-1) ?? 'value';
  const owner = parts.at(-2);
  if (owner && /^(id|uuid|key)$/i.test(last)) return `${owner}${last[0]?.toUpperCase() ?? ''}${last.slice(1)}`;
  return last;
}

const ATTRIBUTE = /\s(?:href|src|data-[\w-]*(?:href|url|src))\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const INLINE_SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script>/gi;

/**
 * Paths in a page: link and source attributes, and the literals of its inline scripts. Form
 * actions are left to the crawler, which knows their method (a POST target is no GET route).
 * Prose is left alone: an apostrophe in French text is not a string delimiter.
 */
export function urlsInHtml(html: string, origin?: string): FoundUrl[] {
  const found = new Map<string, FoundUrl>();
  for (const match of html.matchAll(ATTRIBUTE)) {
    const value = decodeEntities(match[1] ?? match[2] ?? '');
    const path = relativePath(value, origin);
    if (path !== undefined && looksLikePath(path)) found.set(path, { path, variables: [] });
  }
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    for (const url of urlsInText(match[1] ?? '', origin)) found.set(url.path, url);
  }
  return [...found.values()];
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
