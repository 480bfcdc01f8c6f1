/** The MDPH domain as the portal stores it (one row type per table, snake_case as in SQL). */

export type Role = 'usager' | 'representant' | 'agent' | 'admin';

export const PIECE_TYPES = [
  'certificat_medical',
  'justificatif_identite',
  'justificatif_domicile',
  'jugement_protection',
  'avis_imposition',
  'audiogramme',
  'bilan_ophtalmologique',
  'autre',
] as const;
export type PieceType = (typeof PIECE_TYPES)[number];

export const PIECE_ETATS = ['recue', 'validee', 'refusee'] as const;
export type PieceEtat = (typeof PIECE_ETATS)[number];

export const PRESTATIONS = ['aah', 'aeeh', 'pch', 'cmi', 'rqth', 'orientation'] as const;

export interface Mdph {
  code: string;
  nom: string;
}

/** A row of `users`, as stored: its role is null once an administrator revoked it. */
export interface Account {
  id: number;
  role: Role | null;
  email: string;
  password_hash: string;
  prenom: string;
  nom: string;
  date_naissance: string | null;
  nir: string | null;
  adresse: string | null;
  /** For a representative: the MDPH of the person represented. */
  mdph_code: string | null;
  represente_id: number | null;
  /** 1 once an administrator disabled the account: no sign-in, no session. */
  desactive: number;
}

/**
 * An account that has a role: the only kind a session, a sign-in or an API token acts as, so that
 * every route can decide on `user.role` without a case for "no role".
 */
export interface User extends Account {
  role: Role;
}

export function hasRole(account: Account): account is User {
  return account.role !== null;
}

export interface Dossier {
  id: number;
  numero: string;
  usager_id: number;
  mdph_code: string;
  statut: string;
  /** JSON array of prestations. */
  demandes: string;
  created_at: string;
}

export interface Piece {
  id: number;
  dossier_id: number;
  type: PieceType;
  titre: string;
  nom_fichier: string;
  stored_name: string;
  mime: string;
  taille: number;
  sha256: string;
  etat: PieceEtat;
  deposee_le: string;
}

export interface Session {
  id: string;
  user_id: number | null;
  csrf: string;
  created_at: number;
}

export interface ShareLink {
  token: string;
  piece_id: number;
  created_by_session: string;
  expires_at: number;
  revoked: number;
}

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
