import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/session-kit';
import type { SessionIdOf } from '../auth/sessions';

/**
 * FLAW access-token-query (CWE-598, CWE-200), as in the 2018 national beta: the session id is
 * also accepted from `?access_token=` (added so that a link in an e-mail opens the espace). The id
 * then sits in server logs, proxy caches, the browser history and every Referer header.
 */
export const accessTokenQuerySessionId: SessionIdOf = (request: FastifyRequest) => {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.access_token;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : request.cookies[SESSION_COOKIE];
};
