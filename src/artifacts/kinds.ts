/** What the artifacts generator makes: the kinds of pièce a population owns, in which formats. */
export type PieceType =
  | 'certificat_medical'
  | 'justificatif_identite'
  | 'justificatif_domicile'
  | 'jugement_protection'
  | 'avis_imposition'
  | 'audiogramme'
  | 'bilan_ophtalmologique';

export type ArtifactMime = 'application/pdf' | 'image/png' | 'text/plain';
