/**
 * Folds French text to plain ASCII. E-mail local parts, file names and the PNG bitmap font only
 * know ASCII, and a canary or name that a portal re-encodes differently would escape the oracle.
 */
const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss' };
const PUNCTUATION: Record<string, string> = {
  '\u2019': "'", '\u2018': "'", '\u00ab': '"', '\u00bb': '"', '\u2013': '-', '\u2014': '-', '\u00a0': ' ', '\u202f': ' ',
};

export function foldToAscii(text: string): string {
  let out = '';
  // NFD splits "é" into "e" + U+0301; the combining marks are then dropped.
  for (const ch of text.normalize('NFD')) {
    if (/\p{M}/u.test(ch)) continue;
    const mapped = LIGATURES[ch] ?? PUNCTUATION[ch];
    if (mapped !== undefined) out += mapped;
    else if (ch.charCodeAt(0) < 0x80) out += ch;
    else out += '?';
  }
  return out;
}

/** Lowercase [a-z0-9-] slug: safe in e-mail local parts and file names. */
export function slug(text: string): string {
  return foldToAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
