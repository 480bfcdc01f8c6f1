import type { Db } from '../db';
import type { Piece } from '../model';
import type { PieceLister } from '../routes/api-pieces';

/**
 * FLAW list-filter (CWE-639, CWE-863): the pièce list trusts its filters. `?dossierId=` and
 * `?usagerId=` replace the caller's scope instead of narrowing it.
 */
export function listFilterLister(db: Db, secure: PieceLister): PieceLister {
  const byDossier = db.prepare<[number], Piece>('SELECT * FROM pieces WHERE dossier_id = ? ORDER BY id');
  const byUsager = db.prepare<[number], Piece>(
    'SELECT p.* FROM pieces p JOIN dossiers d ON d.id = p.dossier_id WHERE d.usager_id = ? ORDER BY p.id',
  );
  return (user, filters) => {
    if (filters.dossierId !== null) return byDossier.all(filters.dossierId);
    if (filters.usagerId !== null) return byUsager.all(filters.usagerId);
    return secure(user, filters);
  };
}
