import type { AccessPolicy, DossierGuard } from '../access';
import { PUBLIC_ROUTES } from '../auth/gate';

/**
 * FLAW anonymous-download (CWE-862, CWE-306): the download route was added to the public routes
 * (for links opened from e-mails), and its owner check only runs when there is a user.
 */
export const anonymousDownloadPublicRoutes: ReadonlySet<string> = new Set([...PUBLIC_ROUTES, 'GET /api/v2/pieces/:pieceId/contenu']);

export function anonymousDownloadGuard(access: AccessPolicy): DossierGuard {
  return (request, dossier) => !(request.user && !access.canRead(request.user, dossier));
}
