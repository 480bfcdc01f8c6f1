/** A synthetic population: who exists in a run, and what each of them owns. */
import type { ArtifactMime, PieceType } from '../artifacts/kinds';

export type { ArtifactMime, PieceType };

export type Role = 'usager' | 'representant' | 'agent';

export interface Person {
  /** Stable within a seed, e.g. `u075a`, `rep1`, `agent075`; [a-z0-9] only. */
  key: string;
  role: Role;
  prenom: string;
  nom: string;
  /** YYYY-MM-DD */
  dateNaissance: string;
  /** 15 digits (13 + key); Corsican départements written 2A/2B inside. Usagers only. */
  nir?: string;
  /** `…@<emailDomain>` (example.test unless the profile says), namespaced by run id so runs never collide. */
  email: string;
  /** A secret: never written to any artifact (the redactor knows it). */
  password: string;
  adresse?: string;
  /** MDPH code (département), e.g. `075`, `2A`. A representative has the represented usager's. */
  mdph: string;
  /** Key of the usager a representative acts for. */
  represents?: string;
}

export interface SeededDocument {
  /** `<ownerKey>-d<n>`, e.g. `u075a-d2`. */
  key: string;
  ownerKey: string;
  type: PieceType;
  /** Title shown by the portal; holds the canary. */
  titre: string;
  /** File name sent at upload; holds the canary. */
  fileName: string;
  mime: ArtifactMime;
  /** `CLSN-<RUNID>-<OWNERKEY>-<n>` uppercase: unique in the run, present in bytes, title and file name. */
  canary: string;
  /** `CLSNC-<RUNID>-<OWNERKEY>-<n>`: in the bytes only. The canary travels in URLs (file names,
   * titles) and may come back as an echo; this marker never does. */
  contentMarker: string;
  bytes: Uint8Array;
  /** hex SHA-256 of bytes */
  sha256: string;
}

export type { PopulationSpec } from './schema';
import type { PopulationSpec } from './schema';

export interface Population {
  spec: PopulationSpec;
  people: Person[];
  documents: SeededDocument[];
}

/** The keys of a run's people, known before anything is seeded (see provisioning/roster.ts). */
export interface Roster {
  usagers: string[];
  people: string[];
}
