import { secureAccess, type AccessPolicy } from '../access';
import type { Dossier, User } from '../model';

/**
 * FLAW representative-overreach (CWE-863): a representative is scoped to the MDPH of the person
 * represented (copied into their own `mdph_code`) rather than to that person, so they may read and
 * write every dossier of the département.
 */
function sameMdph(user: User, dossier: Dossier): boolean {
  return user.role === 'representant' && user.mdph_code === dossier.mdph_code;
}

export const representativeOverreachAccess: AccessPolicy = {
  canRead: (user, dossier) => secureAccess.canRead(user, dossier) || sameMdph(user, dossier),
  canWrite: (user, dossier) => secureAccess.canWrite(user, dossier) || sameMdph(user, dossier),
};
