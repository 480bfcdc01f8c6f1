import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { sendError } from '../http/errors';

/**
 * Routes that answer without a signed-in session (`METHOD /template`). Everything else is closed
 * by default: a route added tomorrow needs a session unless someone lists it here.
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /',
  'GET /connexion',
  'POST /connexion',
  'GET /inscription',
  'POST /inscription',
  'POST /api/v2/session',
  // The refresh token is the credential (JSON only, like the login).
  'POST /api/v2/session/renouvellement',
  'GET /static/app.js',
  'GET /static/style.css',
  'GET /api/openapi.json',
  // The share-link resolver decides for itself; anonymous visitors are sent to the login page.
  'GET /partage/:token',
  // Guarded by the provisioning token instead of a session.
  'POST /api/provisioning/usagers',
  'POST /api/provisioning/representants',
  'POST /api/provisioning/agents',
  'POST /api/provisioning/pieces',
  'POST /api/provisioning/mdph',
  'DELETE /api/provisioning/pieces/:id',
  'DELETE /api/provisioning/users/:id',
  'POST /api/provisioning/users/:id/desactivation',
  'DELETE /api/provisioning/users/:id/role',
]);

/** onRequest hook: no user and not a public route → 401 (API) or the login page. */
export function authGate(publicRoutes: ReadonlySet<string>) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const route = request.routeOptions.url;
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    if (route === undefined || request.user || publicRoutes.has(`${method} ${route}`)) return done();
    // Answering without calling done() ends the request here.
    if (route.startsWith('/api/')) sendError(request, reply, 401, 'Authentification requise.');
    else reply.redirect('/connexion');
  };
}
