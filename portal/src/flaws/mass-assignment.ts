import type { PieceDraft } from '../repositories/pieces';
import type { DraftBuilder } from '../routes/upload';

/**
 * FLAW mass-assignment (CWE-915): the new pièce is built by copying every body field onto it
 * (a generic "bind the form to the model" helper), so a `dossierId` field beats the URL's dossier,
 * which was the only one checked.
 */
export function massAssignmentDraft(secure: DraftBuilder): DraftBuilder {
  return (dossier, fields, file, body) => {
    const draft = secure(dossier, fields, file, body);
    const target = draft as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(body)) {
      if (name in target) target[name] = typeof target[name] === 'number' ? Number(value) : value;
    }
    return draft satisfies PieceDraft;
  };
}
