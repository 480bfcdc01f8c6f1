import type { DossierGuard } from '../access';

/**
 * FLAW preview-idor (CWE-639): the preview route, written later for the thumbnail service,
 * copied the download route without its owner check.
 */
export const previewIdorGuard: DossierGuard = () => true;
