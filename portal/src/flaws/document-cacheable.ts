import type { CachePolicy } from '../http/headers';

const DOCUMENT_ROUTES = new Set([
  '/espace',
  '/dossiers/:dossierId',
  '/pieces/:pieceId',
  '/dossiers/:dossierId/fichiers/:fileName',
  '/partage/:token',
  '/api/v2/dossiers',
  '/api/v2/dossiers/:dossierId',
  '/api/v2/dossiers/:dossierId/pieces',
  '/api/v2/dossiers/:dossierId/export',
  '/api/v2/pieces/:pieceId/contenu',
  '/api/v2/pieces/:pieceId/apercu',
  '/api/v1/pieces/:pieceId/download',
]);

/**
 * FLAW document-cacheable (CWE-525, CWE-524): "documents do not change, let browsers and proxies
 * keep them": documents and dossier pages are public and cacheable for an hour, so the next person
 * at a shared computer finds them in the cache and Back shows them after logout.
 */
export const documentCacheablePolicy: CachePolicy = (request, reply) =>
  reply.statusCode === 200 && DOCUMENT_ROUTES.has(request.routeOptions.url ?? '') ? 'public, max-age=3600' : 'no-store';
