/**
 * Whether one recorded request only reads although its method may write (a search, a query or a
 * GraphQL query sent as POST), and what says so. `cloison init` drafts `readOnly` from this, so
 * discovery and substitution may replay it as other people; anything it cannot tell is left out
 * (a request wrongly declared read-only would be replayed, and could create or send something).
 */
import { parseJsonOrUndefined } from '../util/lenient';

const SAFE = new Set(['GET', 'HEAD']);
/** Words that name a read in a path segment or an RPC method (`/cases/search`, `files.list`). */
const READ_WORDS = new Set(['search', 'query', 'list', 'find']);
/** Body fields that name the operation of an RPC-style endpoint. */
const OPERATION_FIELDS = ['action', 'method', 'operation', 'op'];

/** `findCases`, `search-files`, `files.list` → their words, lower case. */
function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/**
 * Whether a GraphQL document holds an operation that writes (`mutation`, `subscription`): its
 * words at brace depth 0, outside strings and comments. Undefined when it is no document.
 */
export function graphqlWrites(document: string): boolean | undefined {
  let depth = 0;
  let braces = 0;
  let writes = false;
  for (const token of document.matchAll(/#[^\n]*|"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|[{}]|[A-Za-z_][A-Za-z0-9_]*/g)) {
    const text = token[0];
    if (text === '{') {
      depth++;
      braces++;
    } else if (text === '}') {
      depth--;
      if (depth < 0) return undefined;
    } else if (depth === 0 && (text === 'mutation' || text === 'subscription')) writes = true;
  }
  return depth === 0 && braces > 0 ? writes : undefined;
}

/** A recorded request, as far as this reads it. */
export interface RecordedRequest {
  method: string;
  /** The path template (`/v3/cases/{caseRef}/search`). */
  path: string;
  body?: { mimeType?: string; text?: string };
}

/**
 * Why this request only reads (`its path says search`, `a GraphQL query`), or undefined when
 * nothing says so. A GraphQL body decides alone: a mutation sent to `/api/query` still writes.
 */
export function readOnlyHint(request: RecordedRequest): string | undefined {
  if (SAFE.has(request.method.toUpperCase())) return undefined;
  const json = /json|text\/plain/i.test(request.body?.mimeType ?? '') ? parseJsonOrUndefined(request.body?.text ?? '') : undefined;
  // One operation, or a batch of them: every one must be a query.
  const operations = (Array.isArray(json) ? json : [json]).map((item) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>).query : undefined));
  const writes = operations.map((query) => (typeof query === 'string' ? graphqlWrites(query) : undefined));
  // A `query` that is no GraphQL document (a search term) leaves the decision to the path.
  if (writes.some((write) => write !== undefined)) return writes.every((write) => write === false) ? 'a GraphQL query (no mutation)' : undefined;
  const word = request.path
    .split('/')
    .filter((segment) => segment !== '' && !segment.startsWith('{'))
    .flatMap(wordsOf)
    .find((candidate) => READ_WORDS.has(candidate));
  if (word) return `its path says ${word}`;
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    for (const field of OPERATION_FIELDS) {
      const value = (json as Record<string, unknown>)[field];
      const said = typeof value === 'string' ? wordsOf(value).find((candidate) => READ_WORDS.has(candidate)) : undefined;
      if (said) return `its body's ${field} says ${said}`;
    }
  }
  return undefined;
}
