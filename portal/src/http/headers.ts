import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
} as const;

/** The `Cache-Control` of an answer that did not set its own. */
export type CachePolicy = (request: FastifyRequest, reply: FastifyReply) => string;

/**
 * Nothing personal is kept by browsers or proxies: on a shared computer, Back after logout and the
 * next user's cache must find nothing.
 */
export const noStorePolicy: CachePolicy = () => 'no-store';

export function registerHeaderHooks(app: FastifyInstance, cachePolicy: CachePolicy): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', cachePolicy(request, reply));
    done(null, payload);
  });
}
