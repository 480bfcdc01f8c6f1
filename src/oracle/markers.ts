/**
 * MarkerIndex: every marker a run planted, keyed for O(1) lookup. The scanner extracts candidate
 * tokens with a few regexes and asks this index; it never loops over all markers, so the cost of a
 * scan does not grow with the population.
 */
import { createHash } from 'node:crypto';
import { personMarkers, type MarkerPersonInput, type PersonNames, type PostalAddress } from './person-markers';

export interface MarkerDocumentInput {
  key: string;
  ownerKey: string;
  canary: string;
  /** The marker only the document's bytes hold (never its title or file name). */
  contentMarker?: string;
  /** hex SHA-256 of the seeded bytes */
  sha256: string;
}

/** An id the portal itself handed out for one person's object (a dossier number such as
 * `075-2026-000123`): not planted by us, but as telling as a canary when it shows up elsewhere. */
export interface MarkerReferenceInput {
  value: string;
  ownerKey: string;
  documentKey?: string;
}

export interface MarkerIndexInput {
  runId: string;
  people: readonly MarkerPersonInput[];
  documents: readonly MarkerDocumentInput[];
  references?: readonly MarkerReferenceInput[];
}

export interface MarkerOwner {
  ownerKey: string;
  documentKey?: string;
}

/** A canary or content marker: content markers are never sent in a request, so never an echo. */
export interface CanaryOwner extends MarkerOwner {
  content: boolean;
}

export interface MarkerIndex {
  readonly runId: string;
  /** Canonical canary or content marker (upper case, `-` separators) → owner and document. */
  readonly canaries: ReadonlyMap<string, CanaryOwner>;
  /** Lower-case hex SHA-256 → owner and document. */
  readonly sha256: ReadonlyMap<string, MarkerOwner>;
  /** Standard base64 of the same digests (Digest / Repr-Digest headers, JSON metadata). */
  readonly sha256Base64: ReadonlyMap<string, MarkerOwner & { hex: string }>;
  /** Lower-case e-mail → owner. */
  readonly emails: ReadonlyMap<string, MarkerOwner>;
  /** Birth date (YYYY-MM-DD) → people born that day. A name alone is common and proves nothing;
   * a name beside its owner's birth date is that person. Pairs two people share are left out. */
  readonly birthDates: ReadonlyMap<string, readonly PersonNames[]>;
  /** Postal code → addresses there; an address two people share is left out. */
  readonly addresses: ReadonlyMap<string, readonly PostalAddress[]>;
  /** NIR without separators, upper case (2A/2B kept), both the 15-char form and the 13-char form
   * without the key: portals often show the NIR without its key, which is still the person. */
  readonly nirs: ReadonlyMap<string, MarkerOwner & { nir: string }>;
  /** The same markers without separators (`CLSNR7K2Q9U075A1`: a slug that dropped them); a
   * compact form two markers share is left out (their separated forms still match). */
  readonly compactCanaries: ReadonlyMap<string, CanaryOwner & { canary: string }>;
  /** Matches this run's canaries and content markers only, case-insensitively, with `-`, `_`, `.`
   * or space separators, or none (slugified file names). Another run id's canary is not ours. */
  readonly canaryPattern: RegExp;
  /** Lower-case reference value → owner. */
  readonly references: ReadonlyMap<string, MarkerOwner & { value: string }>;
  /** One alternation of every reference, longest first, bounded by non-alphanumerics (so
   * `…-000123` does not match inside `…-0001234`); undefined without references. */
  readonly referencePattern: RegExp | undefined;
}

/** Canaries are compared in one canonical spelling whatever a portal did to the file name. */
export function canonicalCanary(raw: string): string {
  return raw.toUpperCase().replace(/[_. ]/g, '-');
}

export function compactCanary(raw: string): string {
  return raw.toUpperCase().replace(/[-_. ]/g, '');
}

export function buildMarkerIndex(input: MarkerIndexInput): MarkerIndex {
  if (!/^[A-Z0-9]{1,32}$/i.test(input.runId)) {
    // The run id is spliced into a regex; anything else would be an injection or a typo.
    throw new Error(`buildMarkerIndex: runId must be alphanumeric, got ${JSON.stringify(input.runId)}`);
  }
  const runId = input.runId.toUpperCase();
  const { emails, nirs, birthDates, addresses } = personMarkers(input.people);
  const { canaries, sha256, sha256Base64 } = documentMarkers(input.documents);
  const { references, referencePattern } = referenceMarkers(input.references ?? []);
  return {
    runId,
    references,
    referencePattern,
    canaries,
    sha256,
    sha256Base64,
    emails,
    birthDates,
    addresses,
    nirs,
    compactCanaries: compactForms(canaries),
    canaryPattern: new RegExp(`CLSNC?[-_. ]?${runId}[-_. ]?[A-Z0-9]+(?:[-_. ]\\d+)?`, 'gi'),
  };
}

/** What identifies each seeded document: its canaries (name and content) and its file hash. */
function documentMarkers(documents: MarkerIndexInput['documents']): Pick<MarkerIndex, 'canaries' | 'sha256' | 'sha256Base64'> {
  const canaries = new Map<string, CanaryOwner>();
  const sha256 = new Map<string, MarkerOwner>();
  const sha256Base64 = new Map<string, MarkerOwner & { hex: string }>();
  for (const doc of documents) {
    const owner: MarkerOwner = { ownerKey: doc.ownerKey, documentKey: doc.key };
    canaries.set(canonicalCanary(doc.canary), { ...owner, content: false });
    if (doc.contentMarker) canaries.set(canonicalCanary(doc.contentMarker), { ...owner, content: true });
    const hex = doc.sha256.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`buildMarkerIndex: document ${doc.key} has no hex SHA-256`);
    sha256.set(hex, owner);
    sha256Base64.set(Buffer.from(hex, 'hex').toString('base64'), { ...owner, hex });
  }

  return { canaries, sha256, sha256Base64 };
}

/** The profile's reference numbers (a dossier number), matched whole, longest first. */
function referenceMarkers(refs: NonNullable<MarkerIndexInput['references']>): Pick<MarkerIndex, 'references' | 'referencePattern'> {
  const references = new Map<string, MarkerOwner & { value: string }>();
  for (const ref of refs) {
    // Short values (a bare `17`) would match everywhere: the caller must pass distinctive ones.
    if (ref.value.length < 6) throw new Error(`buildMarkerIndex: reference ${JSON.stringify(ref.value)} is too short to be evidence`);
    references.set(ref.value.toLowerCase(), { ownerKey: ref.ownerKey, ...(ref.documentKey ? { documentKey: ref.documentKey } : {}), value: ref.value });
  }
  const alternatives = [...references.values()]
    .map((r) => r.value)
    .sort((a, b) => b.length - a.length)
    .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

  return { references, referencePattern: alternatives.length ? new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'gi') : undefined };
}

function compactForms(canaries: ReadonlyMap<string, CanaryOwner>): Map<string, CanaryOwner & { canary: string }> {
  const compact = new Map<string, CanaryOwner & { canary: string }>();
  const shared = new Set<string>();
  for (const [canary, owner] of canaries) {
    const key = compactCanary(canary);
    if (compact.has(key)) shared.add(key);
    compact.set(key, { ...owner, canary });
  }
  for (const key of shared) compact.delete(key);
  return compact;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
