import type { Db } from '../db';
import type { Piece } from '../model';
import type { ExportSelection } from '../routes/api-dossiers';

/**
 * FLAW export-leak (CWE-200, CWE-639): the ZIP export of one dossier selects its pièces by the
 * dossier's MDPH (a query copied from the agent's batch export), so it holds everyone's files.
 */
export function exportLeakSelection(db: Db): ExportSelection {
  const byMdph = db.prepare<[string], Piece>(
    'SELECT p.* FROM pieces p JOIN dossiers d ON d.id = p.dossier_id WHERE d.mdph_code = ? ORDER BY p.id',
  );
  return (dossier) => byMdph.all(dossier.mdph_code);
}
