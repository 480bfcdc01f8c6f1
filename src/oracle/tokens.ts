/**
 * Finds marker-shaped tokens in ONE text view and resolves them through the MarkerIndex.
 * Each token shape gets one linear pass (a regex with a literal anchor, or an indexOf walk);
 * the cost depends on the text length, never on the number of planted markers.
 */
import type { Evidence } from './evidence';
import { canonicalCanary, compactCanary, type MarkerIndex } from './markers';
import { canonicalNir, compactText } from './person-markers';

export type EvidenceSink = (evidence: Evidence) => void;

// Separators seen in formatted NIRs: spaces, dots, NBSP / narrow NBSP (French typography), the
// latter also as their UTF-8 bytes read as latin1 (bodies are scanned as latin1).
const SEP = '(?:[ .\\u00a0\\u202f]|\\u00c2\\u00a0|\\u00e2\\u0080\\u00af)?';
/** 13 or 15 characters, optionally grouped `1 85 05 75 123 456 78`; 2A/2B for Corsica. The
 * month group stays loose on purpose (NIRs of people born abroad use 20-42, 50-99): the index
 * decides, the regex only proposes. */
const NIR = new RegExp(
  `(?<![0-9A-Za-z])[1-478]${SEP}\\d{2}${SEP}\\d{2}${SEP}(?:\\d{2}|2[AB])${SEP}\\d{3}${SEP}\\d{3}(?:${SEP}\\d{2})?(?![0-9A-Za-z])`,
  'gi',
);
// `\b` rather than hex look-arounds: a third cheaper on hash-heavy metadata listings.
const SHA256_HEX = /\b[0-9a-fA-F]{64}\b/g;
/** [a-z0-9._%+-], as a table: the walk back runs once per `@` in the body. */
function isLocalChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
}
function isDomainChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}
const isSeparator = (c: number): boolean => c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
const BASE64_CHAR = /[A-Za-z0-9+/]/;

export function scanTokens(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  if (text.length === 0) return;
  findCanaries(index, text, location, sink);
  findEmails(index, text, location, sink);
  findNirs(index, text, location, sink);
  findPeople(index, text, location, sink);
  findSha256Hex(index, text, location, sink);
  findSha256Base64(index, text, location, sink);
  findReferences(index, text, location, sink);
}

function findReferences(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  if (!index.referencePattern) return;
  for (const match of text.matchAll(index.referencePattern)) {
    const ref = index.references.get(match[0].toLowerCase());
    if (ref) sink({ kind: 'reference', value: ref.value, location, ownerKey: ref.ownerKey, ...(ref.documentKey ? { documentKey: ref.documentKey } : {}) });
  }
}

function findCanaries(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  // Cheap pre-check: most bodies carry no canary at all.
  if (!/clsn/i.test(text)) return;
  for (const match of text.matchAll(index.canaryPattern)) {
    const exact = canonicalCanary(match[0]);
    const owner = index.canaries.get(exact);
    let hit = owner ? { ...owner, canary: exact } : undefined;
    // Separators dropped (`CLSNR7K2Q9U075A1`), or digits glued to the number (`…-3` + `2024`):
    // try the compact form, then shorter numbers. Only reached on a miss, so a few lookups.
    let key = compactCanary(match[0]);
    hit ??= index.compactCanaries.get(key);
    while (!hit && /\d{2,}$/.test(key)) {
      key = key.slice(0, -1);
      hit = index.compactCanaries.get(key);
    }
    if (hit) sink({ kind: hit.content ? 'content' : 'canary', value: hit.canary, location, ownerKey: hit.ownerKey, ...(hit.documentKey ? { documentKey: hit.documentKey } : {}) });
  }
}

function findEmails(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  if (index.emails.size === 0) return;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    // Walk back over the local part and forward over the domain instead of a `[...]+@[...]+`
    // regex, which would be quadratic on long alphanumeric runs (base64 blobs in JSON).
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && end - at < 254 && isDomainChar(text.charCodeAt(end))) end++;
    if (start === at || end === at + 1) continue;
    const local = text.slice(start, at).toLowerCase();
    const domain = text.slice(at, end).toLowerCase();
    // The walks may have swallowed glue: before the address (`mailto%3Aname`, `x.name`), after it
    // (`name@host.fr.` ending a sentence, `name@host.fr-suite`). On a miss, try the local parts
    // that start after a separator and the domains that end before a dot or dash.
    const email = emailIn(index, local, domain);
    if (email) sink({ kind: 'email', value: email, location, ...(index.emails.get(email) as { ownerKey: string }) });
  }
}

function emailIn(index: MarkerIndex, local: string, domain: string): string | undefined {
  for (let d = domain.length; d > 1; d = Math.max(domain.lastIndexOf('.', d - 1), domain.lastIndexOf('-', d - 1))) {
    const host = domain.slice(0, d);
    for (let i = 0; i < local.length; i++) {
      if (i > 0 && !isSeparator(local.charCodeAt(i - 1))) continue;
      const email = local.slice(i) + host;
      if (index.emails.has(email)) return email;
    }
  }
  return undefined;
}

/** Long French dates after their day number: `12 mai 1985`, `1er mars 1990` (month names also
 * as their UTF-8 bytes read as latin1). Sticky: tried only where a day number ends. */
const LONG_DATE = /(?:er)?[ \u00a0]+(janv|f(?:e|\u00e9|\u00c3\u00a9)v|mars|avr|mai|juin|juil|ao(?:u|\u00fb|\u00c3\u00bb)t|sept|oct|nov|d(?:e|\u00e9|\u00c3\u00a9)c)[^\s\d]{0,8}[ \u00a0]+(\d{4})(?![0-9])/iy;
const MONTHS: Record<string, string> = { janv: '01', mars: '03', avr: '04', mai: '05', juin: '06', juil: '07', sept: '09', oct: '10', nov: '11' };
/** How far from a birth date the name must be: one record of a listing, one block of a page. */
const NEAR = 400;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Birth dates and postal codes, in one walk over the digit runs of the text (a regex tried at
 * every position cost more than the rest of the scan on number-heavy JSON). A 5-digit run is a
 * postal code; a date is ISO (`1985-05-12`, also inside a timestamp), French numeric (`12/05/1985`,
 * `12.05.1985`, `12-05-1985`) or long (`12 mai 1985`).
 */
function findPeople(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  const dates = index.birthDates.size > 0;
  const codes = index.addresses.size > 0;
  if (!dates && !codes) return;
  for (const candidate of text.matchAll(DATE_OR_CODE)) {
    const start = candidate.index;
    let end = start;
    while (isDigit(text.charCodeAt(end))) end++;
    const length = end - start;
    if (length === 5 && codes) {
      findAddress(index, text, start, location, sink);
    } else if (dates && length !== 5) {
      const date = dateAt(text, start, end);
      if (date) findIdentity(index, text, date, location, sink);
    }
  }
}

/** What may start a date or be a postal code: most digit runs of a body (ids, times, tokens) are
 * neither, and a native regex skips them without a JS step each. */
const DATE_OR_CODE = /\b(?:\d{4}-\d\d-\d\d|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}(?:er)?[ \u00a0][A-Za-z\u00c3]|\d{5}\b)/g;

const two = (digits: string): string => digits.padStart(2, '0');

/** The date written from `start` (a digit run ending at `end`), as YYYY-MM-DD with its extent. */
function dateAt(text: string, start: number, end: number): { iso: string; start: number; end: number } | undefined {
  const sep = text.charCodeAt(end);
  if (end - start === 4) {
    // YYYY-MM-DD
    if (sep !== 0x2d || text.charCodeAt(end + 3) !== 0x2d) return undefined;
    if (!isDigit(text.charCodeAt(end + 1)) || !isDigit(text.charCodeAt(end + 2)) || !isDigit(text.charCodeAt(end + 4)) || !isDigit(text.charCodeAt(end + 5)) || isDigit(text.charCodeAt(end + 6))) return undefined;
    return { iso: text.slice(start, end + 6), start, end: end + 6 };
  }
  if (end - start > 2) return undefined;
  const day = text.slice(start, end);
  if (sep === 0x2f || sep === 0x2e || sep === 0x2d) {
    // DD/MM/YYYY
    let j = end + 1;
    while (j < end + 3 && isDigit(text.charCodeAt(j))) j++;
    if (j === end + 1 || text.charCodeAt(j) !== sep) return undefined;
    const month = text.slice(end + 1, j);
    const year = text.slice(j + 1, j + 5);
    if (!/^\d{4}$/.test(year) || isDigit(text.charCodeAt(j + 5))) return undefined;
    return { iso: `${year}-${two(month)}-${two(day)}`, start, end: j + 5 };
  }
  if (sep !== 0x20 && sep !== 0xa0 && sep !== 0x65 /* e of 1er */) return undefined;
  LONG_DATE.lastIndex = end;
  const long = LONG_DATE.exec(text);
  if (!long) return undefined;
  const word = (long[1] ?? '').toLowerCase();
  const month = MONTHS[word] ?? (word.startsWith('f') ? '02' : word.startsWith('a') ? '08' : '12');
  return { iso: `${long[2]}-${month}-${two(day)}`, start, end: LONG_DATE.lastIndex };
}

/** A name alone is weak (first names and family names are shared by many); a full name beside
 * the birth date of the person who bears it is that person. */
function findIdentity(index: MarkerIndex, text: string, date: { iso: string; start: number; end: number }, location: string, sink: EvidenceSink): void {
  const people = index.birthDates.get(date.iso);
  if (!people?.length) return;
  const near = text.slice(Math.max(0, date.start - NEAR), date.end + NEAR).toLowerCase();
  for (const person of people) {
    if (person.prenom.some((name) => hasWord(near, name)) && person.nom.some((name) => hasWord(near, name))) {
      sink({ kind: 'identity', value: person.value, location, ownerKey: person.ownerKey });
    }
  }
}

/** Letters of any script (and latin1 bytes of UTF-8 letters) and digits glue a word to its neighbour. */
function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c >= 0xc0;
}

function hasWord(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) {
    if ((i === 0 || !isWordChar(text.charCodeAt(i - 1))) && !isWordChar(text.charCodeAt(i + word.length))) return true;
  }
  return false;
}

/** A full postal address: its street line near its postal code (before it on one line, either
 * side in separate fields), however spaced or cased. */
function findAddress(index: MarkerIndex, text: string, start: number, location: string, sink: EvidenceSink): void {
  const addresses = index.addresses.get(text.slice(start, start + 5));
  if (!addresses?.length) return;
  const near = compactText(text.slice(Math.max(0, start - NEAR / 2), start + NEAR / 2));
  for (const address of addresses) {
    if (address.street.some((street) => near.includes(street))) sink({ kind: 'address', value: address.value, location, ownerKey: address.ownerKey });
  }
}

function findNirs(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  if (index.nirs.size === 0) return;
  for (const match of text.matchAll(NIR)) {
    const compact = canonicalNir(match[0]);
    // 15 chars may be a 13-char NIR followed by unrelated digits: fall back to the first 13.
    const owner = index.nirs.get(compact) ?? (compact.length === 15 ? index.nirs.get(compact.slice(0, 13)) : undefined);
    if (owner) sink({ kind: 'nir', value: owner.nir, location, ownerKey: owner.ownerKey });
  }
}

function findSha256Hex(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  if (index.sha256.size === 0) return;
  for (const match of text.matchAll(SHA256_HEX)) {
    const hex = match[0].toLowerCase();
    const owner = index.sha256.get(hex);
    if (owner) sink({ kind: 'sha256', value: hex, location, ...owner });
  }
}

/** `sha-256=:<base64>:` (Repr-Digest), `SHA-256=<base64>` (Digest) or a JSON field: 44 chars
 * ending with one `=`. Anchored on `=` so long base64 runs cost one look-behind per `=`. */
function findSha256Base64(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  if (index.sha256Base64.size === 0) return;
  for (let eq = text.indexOf('=', 43); eq !== -1; eq = text.indexOf('=', eq + 1)) {
    const start = eq - 43;
    if (start > 0 && BASE64_CHAR.test(text.charAt(start - 1))) continue;
    const candidate = text.slice(start, eq + 1);
    const owner = index.sha256Base64.get(candidate);
    if (owner) sink({ kind: 'sha256', value: owner.hex, location, ownerKey: owner.ownerKey, ...(owner.documentKey ? { documentKey: owner.documentKey } : {}) });
  }
}
