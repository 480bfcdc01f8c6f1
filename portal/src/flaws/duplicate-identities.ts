import type { Db } from '../db';
import type { Dossier } from '../model';
import type { DossierSummary } from '../routes/api-dossiers';

interface NamesakeRow {
  prenom: string;
  nom: string;
  date_naissance: string | null;
}

/**
 * FLAW duplicate-identities (CWE-359, CWE-213): the dossier list warns of possible duplicate files
 * ("a dossier may already exist for you") by sending every other usager of the MDPH, name and birth
 * date only, for the browser to compare with the caller's. No e-mail, no NIR, no document: the
 * name beside its birth date is still that person.
 */
export function duplicateIdentitiesSummary(db: Db, secure: DossierSummary): DossierSummary {
  const others = db.prepare<[string, number], NamesakeRow>(
    `SELECT u.prenom, u.nom, u.date_naissance FROM users u
     WHERE u.role = 'usager' AND u.mdph_code = ? AND u.id <> ? ORDER BY u.nom, u.prenom`,
  );
  return (dossier: Dossier) => ({
    ...secure(dossier),
    doublonsPossibles: others.all(dossier.mdph_code, dossier.usager_id).map((other) => ({ prenom: other.prenom, nom: other.nom, dateNaissance: other.date_naissance })),
  });
}
