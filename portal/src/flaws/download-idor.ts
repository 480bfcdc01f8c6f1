import type { DossierGuard } from '../access';

/**
 * FLAW download-idor (CWE-639): the content route loads the pièce by the id in the URL and serves
 * it to any signed-in session; sequential ids make every document one digit away.
 */
export const downloadIdorGuard: DossierGuard = () => true;
