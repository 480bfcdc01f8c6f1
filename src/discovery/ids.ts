/**
 * Recognising identifiers in what the browser sent, and tying them to the objects the run seeded:
 * a value in a URL only means "someone's pièce" once it is known whose pièce it is.
 */

export type IdKind = 'integer' | 'uuid' | 'hex' | 'base64' | 'reference' | 'fileName';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A reference number: dash-separated parts, one all digits, four digits at least (`2026-000123`, `AB1-2025-42-7`).
const REFERENCE = /^(?=(?:\D*\d){4})[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+$/;
const DIGITS_PART = /(?:^|-)\d+(?:-|$)/;
const HEX = /^[0-9a-f]{8,}$/i;
const BASE64 = /^(?:[A-Za-z0-9_-]{16,}|[A-Za-z0-9+/]{16,}={0,2})$/;
const FILE_NAME = /^[^/\\?#\s]{1,200}\.[A-Za-z0-9]{1,8}$/;

/** The shape of a value, when it looks like an identifier rather than a word of the route. */
export function idKindOf(value: string): IdKind | undefined {
  if (/^\d{1,19}$/.test(value)) return 'integer';
  if (UUID.test(value)) return 'uuid';
  if (REFERENCE.test(value) && DIGITS_PART.test(value)) return 'reference';
  if (HEX.test(value) && /\d/.test(value) && /[a-f]/i.test(value)) return 'hex';
  // Opaque tokens mix letters and digits; words of a route (`justificatif_domicile`) do not.
  if (BASE64.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value)) return 'base64';
  if (FILE_NAME.test(value) && !/^\.+/.test(value)) return 'fileName';
  return undefined;
}

/** One binding of one seeded object: `pieceId = 12` of `u075a-d1`. */
export interface BoundValue {
  binding: string;
  value: string;
}

/**
 * Of the bindings whose value equals a slot's value, the one the slot most likely names. A URL
 * segment is usually preceded by the collection it indexes (`/cases/3`: `caseId`, even when
 * the person id is 3 too); a query or JSON field names itself. Ties go to the profile's order.
 */
export function chooseBinding(candidates: readonly string[], hint: string | undefined, preference: readonly string[]): string | undefined {
  if (candidates.length <= 1) return candidates[0];
  const named = hint ? candidates.filter((binding) => namesBinding(hint, binding)) : [];
  const pool = named.length > 0 ? named : candidates;
  const rank = (binding: string): number => {
    const at = preference.indexOf(binding);
    return at === -1 ? preference.length : at;
  };
  return [...pool].sort((a, b) => rank(a) - rank(b))[0];
}

/** `dossiers` names `dossierId`, `pieceId` names `pieceId`, `fichiers` names nothing of `pieceId`. */
export function namesBinding(hint: string, binding: string): boolean {
  const word = stem(hint);
  const name = stem(binding);
  if (word.length < 3 || name.length < 3) return word === name && word.length > 0;
  return word === name || word.startsWith(name) || name.startsWith(word);
}

function stem(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/(id|ids|name|names|numero|number|key)$/, '')
    .replace(/s$/, '');
}

/** The bindings of a set of objects whose value equals `value` (URL-decoded). */
export function bindingsMatching(value: string, objects: readonly Record<string, string | number | undefined>[]): string[] {
  const found = new Set<string>();
  for (const bindings of objects) {
    for (const [binding, bound] of Object.entries(bindings)) {
      if (bound !== undefined && String(bound) === value) found.add(binding);
    }
  }
  return [...found];
}
