import type { Db } from '../db';
import type { DossierDetail } from '../routes/api-dossiers';

interface OtherRow {
  id: number;
  numero: string;
  prenom: string;
  nom: string;
  email: string;
  nir: string | null;
  titres: string | null;
}

/**
 * FLAW excessive-data (CWE-213, CWE-359): the dossier answer embeds "the other dossiers of the same
 * MDPH" with their usagers' identity and pièce titles, for a front-end widget that filters them out.
 */
export function excessiveDataDetail(db: Db, secure: DossierDetail): DossierDetail {
  const others = db.prepare<[string, number], OtherRow>(
    `SELECT d.id, d.numero, u.prenom, u.nom, u.email, u.nir,
            (SELECT json_group_array(p.titre) FROM pieces p WHERE p.dossier_id = d.id) AS titres
     FROM dossiers d JOIN users u ON u.id = d.usager_id
     WHERE d.mdph_code = ? AND d.id <> ? ORDER BY d.id`,
  );
  return (dossier) => ({
    ...secure(dossier),
    autresDossiers: others.all(dossier.mdph_code, dossier.id).map((other) => ({
      id: other.id,
      numero: other.numero,
      usager: { prenom: other.prenom, nom: other.nom, email: other.email, nir: other.nir },
      pieces: JSON.parse(other.titres ?? '[]') as string[],
    })),
  });
}
