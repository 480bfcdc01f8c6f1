import type { DossierGuard } from '../access';

/** FLAW delete-idor (CWE-639): delete removes any pièce by id, row and file: data loss for its owner. */
export const deleteIdorGuard: DossierGuard = () => true;
