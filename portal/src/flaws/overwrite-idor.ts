import type { DossierGuard } from '../access';

/** FLAW overwrite-idor (CWE-639): rename and replace-content accept any pièce id. */
export const overwriteIdorGuard: DossierGuard = () => true;
