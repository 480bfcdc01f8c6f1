import type { Dossier, Piece } from '../model';

/** The API's view of a pièce (ROUTES.md): camelCase, nothing the row does not say about the document. */
export function pieceJson(piece: Piece) {
  return {
    id: piece.id,
    dossierId: piece.dossier_id,
    type: piece.type,
    titre: piece.titre,
    nomFichier: piece.nom_fichier,
    storedName: piece.stored_name,
    mime: piece.mime,
    taille: piece.taille,
    sha256: piece.sha256,
    etat: piece.etat,
    deposeeLe: piece.deposee_le,
  };
}

export function dossierJson(dossier: Dossier) {
  return {
    id: dossier.id,
    numero: dossier.numero,
    mdph: dossier.mdph_code,
    statut: dossier.statut,
    demandes: JSON.parse(dossier.demandes) as string[],
  };
}
