import type { DossierGuard } from '../access';

/** FLAW view-idor (CWE-639): the pièce detail page renders whatever pièce id it is given. */
export const viewIdorGuard: DossierGuard = () => true;
