import type { Account } from '../model';

/**
 * The dossiers a user may read, as SQL parameters: their own, the represented usager's, and for
 * an agent every dossier of their MDPH. A NULL never matches, so each role opens only its clause.
 * Must stay equal to `canRead` in access.ts, which decides for one dossier.
 */
export interface ReadScope {
  self: number | null;
  represented: number | null;
  agentMdph: string | null;
}

export function readScope(user: Account): ReadScope {
  return {
    self: user.role === 'usager' ? user.id : null,
    represented: user.role === 'representant' ? user.represente_id : null,
    agentMdph: user.role === 'agent' ? user.mdph_code : null,
  };
}
