/**
 * Autorize's question without a canary: did the other session get the owner's answer? Both bodies
 * are normalised first (what varies per request or per requester must not tell them apart).
 */

const SELF = '⟨self⟩';

/** Per-request noise: timestamps, dates, CSRF and other random tokens, the requester's own identity. */
export function normaliseBody(text: string, ownFacts: readonly string[]): string {
  let out = text;
  // Longest first, so a full name goes before the first name it contains.
  for (const fact of [...ownFacts].filter((value) => value.trim().length >= 2).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(escapeRegExp(fact), 'gi'), SELF);
  }
  return out
    .replace(/(name=["']?_?csrf[^>]*?value=|value=["'][^"']*["'][^>]*name=["']?_?csrf)["']?[^"'\s>]*["']?/gi, '$1⟨token⟩')
    .replace(/("(?:csrf|xsrf)[_-]?token"\s*:\s*)"[^"]*"/gi, '$1"⟨token⟩"')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '⟨time⟩')
    .replace(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g, '⟨date⟩')
    .replace(/\b\d{1,2}:\d{2}(?::\d{2})?\b/g, '⟨time⟩')
    .replace(/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g, '⟨token⟩')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Dice coefficient over word multisets: 1 for the same words, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const left = words(a);
  const right = words(b);
  if (left.length === 0 && right.length === 0) return 1;
  if (left.length === 0 || right.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const word of left) counts.set(word, (counts.get(word) ?? 0) + 1);
  let common = 0;
  for (const word of right) {
    const count = counts.get(word) ?? 0;
    if (count > 0) {
      common++;
      counts.set(word, count - 1);
    }
  }
  return (2 * common) / (left.length + right.length);
}

/** Near-identical: the forbidden requester got what the owner got, give or take its own name. */
export const NEAR_IDENTICAL = 0.9;

export function nearIdentical(ownerBody: string, ownerFacts: readonly string[], otherBody: string, otherFacts: readonly string[]): { same: boolean; score: number } {
  const score = similarity(normaliseBody(ownerBody, ownerFacts), normaliseBody(otherBody, otherFacts));
  return { same: score >= NEAR_IDENTICAL, score };
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}⟨⟩]+/gu) ?? [];
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
