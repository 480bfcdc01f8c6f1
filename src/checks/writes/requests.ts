import { randomBytes } from 'node:crypto';
import type { CsrfSource, WriteRoute } from '../../profile/types';
import type { IdentityRequest } from '../../session/identity';
import { fill, fillJson, readPath, type Bindings } from '../../util/template';

/** A file a write sends where its template says `@file`. */
export interface WriteFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export interface WriteInput {
  /** The target object's bindings (the dossier's ids, or the pièce's) plus `titre` and `type`. */
  bindings: Bindings;
  file?: WriteFile;
  /** The session's CSRF token, when the profile has one and the identity is signed in. */
  csrfToken?: string;
  /** Extra body fields (mass assignment: field → value naming another owner; a protected field: another's id, key or reference). */
  extraFields?: Record<string, unknown>;
}

/**
 * Turns a profile write route into one request: the path filled with the target's ids (encoded),
 * the body with its fields and file, the CSRF token where the profile says writes carry it. Extra
 * fields ride in whatever body the route already has (a mass-assignment probe must look exactly
 * like the legitimate request, plus the fields).
 */
export function buildWriteRequest(route: WriteRoute, input: WriteInput, csrf?: CsrfSource): IdentityRequest {
  const template = route.request;
  const url = fill(template.path, input.bindings, encodeURIComponent);
  const headers: Record<string, string> = { ...template.headers };
  const token = input.csrfToken;
  const tokenInHeader = token !== undefined && csrf?.header !== undefined;
  if (tokenInHeader) headers[csrf.header as string] = token;
  const tokenField: Record<string, string> = token !== undefined && !tokenInHeader && csrf?.field ? { [csrf.field]: token } : {};
  // A structured value (a pointer, a file reference) rides as its JSON in a form or multipart body.
  const extra = Object.fromEntries(Object.entries(input.extraFields ?? {}).map(([name, value]) => [name, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)]));

  if (template.multipart) {
    const multipart: NonNullable<IdentityRequest['multipart']> = {};
    for (const [name, value] of Object.entries(template.multipart)) {
      if (value !== '@file') {
        multipart[name] = fill(value, input.bindings);
        continue;
      }
      if (!input.file) throw new Error(`write route ${route.name} sends @file but no file was given`);
      multipart[name] = input.file;
    }
    // Extra fields first (a body binder that keeps the first occurrence sees them), their values last.
    return { method: template.method, url, headers, multipart: { ...extra, ...multipart, ...extra, ...tokenField } };
  }
  if (template.json) {
    const json = fillJson(template.json, input.bindings) as Record<string, unknown>;
    return { method: template.method, url, headers, data: { ...json, ...(input.extraFields ?? {}), ...tokenField } };
  }
  if (template.form) {
    const form = Object.fromEntries(Object.entries(template.form).map(([name, value]) => [name, fill(value, input.bindings)]));
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { method: template.method, url, headers, data: new URLSearchParams({ ...form, ...extra, ...tokenField }).toString() };
  }
  const bare = { ...extra, ...tokenField };
  return Object.keys(bare).length > 0 ? { method: template.method, url, headers, data: bare } : { method: template.method, url, headers };
}

/**
 * The fields a client could add to an upload to claim another owner, filled with the victim's
 * bindings. Default: the dossier and usager id bindings, named as the profile names them.
 */
export function ownerFieldsOf(route: WriteRoute, ids: { dossier: string; usager: string }, victim: Bindings): Record<string, string | number> {
  const fields = route.ownerFields ?? { [ids.dossier]: ids.dossier, [ids.usager]: ids.usager };
  const filled: Record<string, string | number> = {};
  for (const [field, binding] of Object.entries(fields)) {
    const value = victim[binding];
    if (value !== undefined) filled[field] = value;
  }
  return filled;
}

/** A value kept from a JSON answer (the id of what an upload created). */
export function captureFrom(text: string, path: string): string | number | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const value = readPath(json, path);
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/**
 * How many items a list answer holds: a JSON array, or the one array of objects inside a JSON
 * object (`{items: […]}`). Undefined when the answer is no such thing (an HTML page): the count
 * is then not a usable oracle and the caller says so.
 */
export function countListItems(text: string): number | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(json)) return json.length;
  if (json === null || typeof json !== 'object') return undefined;
  const arrays = Object.values(json).filter((value): value is unknown[] => Array.isArray(value) && value.every((item) => item !== null && typeof item === 'object'));
  return arrays.length === 1 ? arrays[0]?.length : undefined;
}

let sequence = 0;

/**
 * A fresh marker for one write: unique in the run and beyond (run id, a counter, random bytes),
 * `[A-Z0-9-]` only so it survives in PDF literal strings, titles and file names, and NOT shaped
 * like a seeded canary (the oracle must never mistake a probe's own file for someone's document).
 */
export function writeMarker(runId: string): string {
  sequence += 1;
  return `CLWR-${runId}-${sequence.toString(36).toUpperCase()}${randomBytes(3).toString('hex').toUpperCase()}`;
}

/** True when a text holds the marker, in any case (a portal may upper- or lower-case titles). */
export function holdsMarker(text: string, marker: string): boolean {
  return text.toLowerCase().includes(marker.toLowerCase());
}

/**
 * The text of a JSON answer with its escapes undone (`\u00e9` → `é`), so a title is found however
 * the target chose to encode it; any other answer as it is.
 */
export function unescapedText(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** True when a list answer still shows this exact title (JSON-escaped or not). */
export function holdsTitle(text: string, titre: string): boolean {
  return text.includes(titre) || unescapedText(text).includes(JSON.stringify(titre).slice(1, -1));
}
