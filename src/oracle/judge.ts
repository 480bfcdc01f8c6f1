/**
 * The oracle's verdict. Evidence says whose markers a response carried; the policy (computed
 * elsewhere) says whose markers this identity may see. Anything else is a leak, whatever the
 * status code: a 200 "Accès refusé" page or a 302 that still carries the document leaked it.
 */
import type { Evidence } from '../findings/types';

export type Outcome = 'leak' | 'suspicious' | 'ok';

/** Evidence owned by someone the identity may not see. `maySee` must include the identity itself
 * (its own markers are never a leak) and whoever the policy lets it see. */
export function foreignEvidence(evidence: readonly Evidence[], maySee: Iterable<string>): Evidence[] {
  const allowed = maySee instanceof Set ? (maySee as ReadonlySet<string>) : new Set(maySee);
  return evidence.filter((e) => !allowed.has(e.ownerKey));
}

/** Distinct victims, in order of first appearance. */
export function victimsOf(evidence: readonly Evidence[]): string[] {
  return [...new Set(evidence.map((e) => e.ownerKey))];
}

export interface ClassifyInput {
  /** The policy forbids this identity this resource. */
  forbiddenPair: boolean;
  /** The route addresses one object (view/download/metadata of an id), as opposed to a page or a
   * list whose 2xx is normal for anyone signed in. */
  objectRoute: boolean;
  status: number;
  foreignEvidence: readonly Evidence[];
}

export function classify(input: ClassifyInput): Outcome {
  if (input.foreignEvidence.length > 0) return 'leak';
  // A 2xx for a forbidden object with nothing we recognise may be a leak of data we did not
  // plant (or a soft-denial page): never passed silently, reported for a human to look at.
  if (input.forbiddenPair && input.objectRoute && input.status >= 200 && input.status < 300) return 'suspicious';
  return 'ok';
}
