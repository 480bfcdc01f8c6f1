import type { PieceEtat, PieceType } from '../model';

export const PIECE_TYPE_LABELS: Record<PieceType, string> = {
  certificat_medical: 'Certificat médical (Cerfa 15695)',
  justificatif_identite: "Justificatif d'identité",
  justificatif_domicile: 'Justificatif de domicile',
  jugement_protection: 'Jugement de protection',
  avis_imposition: "Avis d'imposition",
  audiogramme: 'Audiogramme',
  bilan_ophtalmologique: 'Bilan ophtalmologique',
  autre: 'Autre pièce',
};

export const ETAT_LABELS: Record<PieceEtat, string> = { recue: 'Reçue', validee: 'Validée', refusee: 'Refusée' };

export const STATUT_LABELS: Record<string, string> = {
  en_cours: 'En cours de saisie',
  emise: 'Émise',
  recevable: 'Recevable',
  en_attente_usager: 'En attente de pièces',
  irrecevable: 'Irrecevable',
  decision: 'Décision rendue',
};

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} o`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} Kio`;
  return `${(size / 1024 / 1024).toFixed(1)} Mio`;
}
