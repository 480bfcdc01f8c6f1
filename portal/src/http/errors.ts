import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorPage } from '../views/errors';
import { pageContext } from './pages';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

const GENERIC: Record<number, string> = {
  400: 'Requête invalide.',
  401: 'Authentification requise.',
  403: 'Accès refusé.',
  404: 'Introuvable.',
  409: 'Conflit.',
  413: 'Fichier trop volumineux.',
  415: 'Type de fichier non accepté.',
};

/**
 * Forbidden and absent are the same answer, byte for byte: a different status or body for
 * "exists but not yours" would let anyone enumerate other people's documents.
 */
export const notFound = (): HttpError => new HttpError(404, GENERIC[404] ?? '');
export const badRequest = (message = GENERIC[400] ?? ''): HttpError => new HttpError(400, message);

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
  reply.code(status);
  if (wantsJson(request)) return reply.send({ error: message });
  return reply.type('text/html; charset=utf-8').send(errorPage(status, message, pageContext(request)));
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, GENERIC[404] ?? ''));
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(error);
      return sendError(request, reply, 500, 'Erreur interne.');
    }
    // Only messages written for users by this code base are echoed; framework messages may
    // describe internals, so they are replaced by the generic text of their status.
    const message = error instanceof HttpError ? error.message : (GENERIC[status] ?? GENERIC[400] ?? '');
    return sendError(request, reply, status, message);
  });
}
