import type { DossierGuard } from '../access';

/**
 * FLAW dossier-idor (CWE-639): the dossier page and the dossier API (detail and pièce list) answer
 * for any dossier id.
 */
export const dossierIdorGuard: DossierGuard = () => true;
