import type { Db } from '../db';
import type { Piece } from '../model';
import type { PieceSearch } from '../routes/api-pieces';

/**
 * FLAW search-leak (CWE-200, CWE-863): search was written for agents and reused for usagers: it
 * matches every pièce of the caller's MDPH, whoever owns it.
 */
export function searchLeakSearch(db: Db): PieceSearch {
  const search = db.prepare<[string | null, string, string], Piece>(
    `SELECT p.* FROM pieces p JOIN dossiers d ON d.id = p.dossier_id
     WHERE d.mdph_code = ? AND (instr(lower(p.titre), lower(?)) > 0 OR instr(lower(p.nom_fichier), lower(?)) > 0)
     ORDER BY p.id`,
  );
  return (user, q) => search.all(user.mdph_code, q, q);
}
