/**
 * MarkerIndex: every marker a run planted, keyed for O(1) lookup. The scanner extracts candidate
 * tokens with a few regexes and asks this index; it never loops over all markers, so the cost of a
 * scan does not grow with the population.
 */
import { createHash } from 'node:crypto';

export interface MarkerPersonInput {
  key: string;
  email: string;
  nir?: string;
}

export interface MarkerDocumentInput {
  key: string;
  ownerKey: string;
  canary: string;
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

export interface MarkerIndex {
  readonly runId: string;
  /** Canonical canary (upper case, `-` separators) → owner and document. */
  readonly canaries: ReadonlyMap<string, MarkerOwner>;
  /** Lower-case hex SHA-256 → owner and document. */
  readonly sha256: ReadonlyMap<string, MarkerOwner>;
  /** Standard base64 of the same digests (Digest / Repr-Digest headers, JSON metadata). */
  readonly sha256Base64: ReadonlyMap<string, MarkerOwner & { hex: string }>;
  /** Lower-case e-mail → owner. */
  readonly emails: ReadonlyMap<string, MarkerOwner>;
  /** NIR without separators, upper case (2A/2B kept), both the 15-char form and the 13-char form
   * without the key: portals often show the NIR without its key, which is still the person. */
  readonly nirs: ReadonlyMap<string, MarkerOwner & { nir: string }>;
  /** Matches this run's canaries only, case-insensitively, with `-` or `_` separators (slugified
   * file names). A canary of another run id is not ours to judge and must not match. */
  readonly canaryPattern: RegExp;
  /** Lower-case reference value → owner. */
  readonly references: ReadonlyMap<string, MarkerOwner & { value: string }>;
  /** One alternation of every reference, longest first, bounded by non-alphanumerics (so
   * `…-000123` does not match inside `…-0001234`); undefined without references. */
  readonly referencePattern: RegExp | undefined;
}

/** Canaries are compared in one canonical spelling whatever a portal did to the file name. */
export function canonicalCanary(raw: string): string {
  return raw.toUpperCase().replace(/_/g, '-');
}

export function canonicalNir(raw: string): string {
  return raw.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

export function buildMarkerIndex(input: MarkerIndexInput): MarkerIndex {
  if (!/^[A-Z0-9]{1,32}$/i.test(input.runId)) {
    // The run id is spliced into a regex; anything else would be an injection or a typo.
    throw new Error(`buildMarkerIndex: runId must be alphanumeric, got ${JSON.stringify(input.runId)}`);
  }
  const runId = input.runId.toUpperCase();
  const canaries = new Map<string, MarkerOwner>();
  const sha256 = new Map<string, MarkerOwner>();
  const sha256Base64 = new Map<string, MarkerOwner & { hex: string }>();
  const emails = new Map<string, MarkerOwner>();
  const nirs = new Map<string, MarkerOwner & { nir: string }>();

  for (const person of input.people) {
    emails.set(person.email.toLowerCase(), { ownerKey: person.key });
    if (person.nir) {
      const nir = canonicalNir(person.nir);
      nirs.set(nir, { ownerKey: person.key, nir });
      if (nir.length === 15) nirs.set(nir.slice(0, 13), { ownerKey: person.key, nir });
    }
  }
  for (const doc of input.documents) {
    const owner: MarkerOwner = { ownerKey: doc.ownerKey, documentKey: doc.key };
    canaries.set(canonicalCanary(doc.canary), owner);
    const hex = doc.sha256.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`buildMarkerIndex: document ${doc.key} has no hex SHA-256`);
    sha256.set(hex, owner);
    sha256Base64.set(Buffer.from(hex, 'hex').toString('base64'), { ...owner, hex });
  }

  const references = new Map<string, MarkerOwner & { value: string }>();
  for (const ref of input.references ?? []) {
    // Short values (a bare `17`) would match everywhere: the caller must pass distinctive ones.
    if (ref.value.length < 6) throw new Error(`buildMarkerIndex: reference ${JSON.stringify(ref.value)} is too short to be evidence`);
    references.set(ref.value.toLowerCase(), { ownerKey: ref.ownerKey, ...(ref.documentKey ? { documentKey: ref.documentKey } : {}), value: ref.value });
  }
  const alternatives = [...references.values()]
    .map((r) => r.value)
    .sort((a, b) => b.length - a.length)
    .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

  return {
    runId,
    references,
    referencePattern: alternatives.length ? new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'gi') : undefined,
    canaries,
    sha256,
    sha256Base64,
    emails,
    nirs,
    canaryPattern: new RegExp(`CLSN[-_]${runId}[-_][A-Z0-9]+[-_]\\d+`, 'gi'),
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
