import { buildMarkerIndex } from '../oracle/markers';
import { scanResponse } from '../oracle/scan';
import { ScanMemo } from '../oracle/scan-memo';
import type { Profile } from '../profile/types';
import type { RunState } from '../run/state';
import type { ResponseScanner } from './exchange';

const MIN_REFERENCE_LENGTH = 8;

/**
 * The run's oracle: planted markers (canaries, hashes, e-mails, NIR, names with birth dates,
 * addresses) and the references the portal
 * handed out: the captured bindings the profile names as reference numbers (`bindings.references`),
 * which lists show where no canary appears.
 */
export function createScanner(state: RunState, profile: Pick<Profile, 'bindings'>): ResponseScanner {
  const referenceBindings = profile.bindings?.references ?? [];
  const index = buildMarkerIndex({
    runId: state.runId,
    people: state.people.map((person) => ({ key: person.key, email: person.email, nir: person.nir, prenom: person.prenom, nom: person.nom, dateNaissance: person.dateNaissance, adresse: person.adresse })),
    documents: state.documents.map((document) => ({ key: document.key, ownerKey: document.ownerKey, canary: document.canary, contentMarker: document.contentMarker, sha256: document.sha256 })),
    references: state.people.flatMap((person) =>
      referenceBindings.map((name) => person.bindings[name])
        .filter((value) => value !== undefined && String(value).length >= MIN_REFERENCE_LENGTH)
        .map((value) => ({ value: String(value), ownerKey: person.key })),
    ),
  });
  // One memo per index: what these markers found in a body or a header value holds for the whole run.
  const memo = new ScanMemo();
  return { scan: (input) => scanResponse(index, input, undefined, memo) };
}
