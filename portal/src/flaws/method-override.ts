import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { AccessPolicy, DossierGuard } from '../access';
import { notFound } from '../http/errors';
import { textField } from '../http/fields';
import { pieceIdSchema } from '../http/params';

/**
 * FLAW method-override (CWE-650, CWE-863): the download's owner check was written for GET only.
 * HEAD (Fastify answers it with the GET handler) and POST with a method override skip it.
 */
export function methodOverrideGuard(access: AccessPolicy): DossierGuard {
  return (request, dossier) => request.method !== 'GET' || (request.user !== null && access.canRead(request.user, dossier));
}

function overriddenMethod(request: Parameters<RouteHandlerMethod>[0]): string | undefined {
  const header = request.headers['x-http-method-override'];
  const query = (request.query as Record<string, unknown>)['_method'];
  const value = typeof header === 'string' ? header : typeof query === 'string' ? query : textField(request.body, '_method');
  return value?.toUpperCase();
}

/**
 * Accepts POST on the download route for proxies that only let GET and POST through, as
 * `X-HTTP-Method-Override: GET` or `?_method=GET`, and exempts it from CSRF "because it only reads".
 */
export function registerMethodOverrideDownload(app: FastifyInstance, download: RouteHandlerMethod): void {
  app.post('/api/v2/pieces/:pieceId/contenu', { schema: pieceIdSchema, config: { csrf: false } }, function (request, reply) {
    if (overriddenMethod(request) !== 'GET') throw notFound();
    return download.call(this, request, reply);
  });
}
