import type { DossierGuard } from '../access';

/** FLAW upload-into-other (CWE-639, CWE-862): upload only checks that the dossier in the URL exists. */
export const uploadIntoOtherGuard: DossierGuard = () => true;
