import type { DossierGuard } from '../access';

/**
 * FLAW legacy-endpoint (CWE-1059, CWE-862): the v1 download route, kept alive for old clients
 * and still referenced by the front-end script, predates the owner check and never got it.
 */
export const legacyEndpointGuard: DossierGuard = () => true;
