/**
 * Finds marker-shaped tokens in ONE text view and resolves them through the MarkerIndex.
 * Each token shape gets one linear pass (a regex with a literal anchor, or an indexOf walk);
 * the cost depends on the text length, never on the number of planted markers.
 */
import type { Evidence } from '../findings/types';
import { canonicalCanary, canonicalNir, type MarkerIndex } from './markers';

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
const EMAIL_DOMAIN = /@example\.test/gi;
/** [a-z0-9._%+-], as a table: the walk back runs once per `@example.test` in the body. */
function isLocalChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
}
const isSeparator = (c: number): boolean => c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
const BASE64_CHAR = /[A-Za-z0-9+/]/;

export function scanTokens(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  if (text.length === 0) return;
  findCanaries(index, text, location, sink);
  findEmails(index, text, location, sink);
  findNirs(index, text, location, sink);
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
    let candidate = canonicalCanary(match[0]);
    let owner = index.canaries.get(candidate);
    // A generator may glue digits to the canary (`…-3` + `2024`); try the shorter numbers once
    // the exact token missed. Only reached on a miss, so at most a few lookups per token.
    while (!owner && /-\d{2,}$/.test(candidate)) {
      candidate = candidate.slice(0, -1);
      owner = index.canaries.get(candidate);
    }
    if (owner) sink({ kind: 'canary', value: candidate, location, ...owner });
  }
}

function findEmails(index: MarkerIndex, text: string, location: string, sink: EvidenceSink): void {
  for (const match of text.matchAll(EMAIL_DOMAIN)) {
    // Walk back over the local part instead of a leading `[...]+@` regex, which would be
    // quadratic on long alphanumeric runs (base64 blobs in JSON).
    const at = match.index;
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    const domain = match[0].toLowerCase();
    const local = text.slice(start, at).toLowerCase();
    // The walk may have swallowed glue before the address (`mailto%3Aname`, `x.name`): on a
    // miss, try the suffixes that start after a separator.
    for (let i = 0; i < local.length; i++) {
      if (i > 0 && !isSeparator(local.charCodeAt(i - 1))) continue;
      const email = local.slice(i) + domain;
      const owner = index.emails.get(email);
      if (owner) {
        sink({ kind: 'email', value: email, location, ...owner });
        break;
      }
    }
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
