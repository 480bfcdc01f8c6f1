import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { PLUGIN } from '../plugins';

const CACHED_ROUTES = new Set(['/api/v2/moi', '/espace', '/api/v2/dossiers']);
const TTL_MS = 30_000;

interface Entry {
  expires: number;
  contentType: string;
  payload: string;
}

/**
 * FLAW shared-cache (CWE-524, CWE-488): a micro-cache in front of the busiest personal routes,
 * behaving like a reverse proxy configured with the URL as the only cache key: whoever asks next
 * within 30 s gets the previous person's answer, whatever their session. Like a proxy it answers
 * before the application sees the request: registered after the session hook, it refuses to start.
 */
export const sharedCache = fp((app, _options, loaded) => {
  if (app.hasPlugin(PLUGIN.session)) return loaded(new Error(`flaw shared-cache must be registered before '${PLUGIN.session}': a proxy's cache answers before the application reads the session`));
  const cache = new Map<string, Entry>();
  const fromCache = new WeakSet<FastifyRequest>();
  const cacheable = (request: FastifyRequest): boolean =>
    request.method === 'GET' && CACHED_ROUTES.has(request.routeOptions.url ?? '');

  app.addHook('onRequest', (request, reply, done) => {
    const hit = cacheable(request) ? cache.get(request.url) : undefined;
    if (!hit || hit.expires < Date.now()) return done();
    fromCache.add(request);
    void reply.type(hit.contentType).header('x-cache', 'HIT').send(hit.payload);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (cacheable(request) && !fromCache.has(request) && reply.statusCode === 200 && typeof payload === 'string') {
      cache.set(request.url, { expires: Date.now() + TTL_MS, contentType: String(reply.getHeader('content-type')), payload });
    }
    done(null, payload);
  });
  loaded();
}, { name: 'flaw-shared-cache' });
