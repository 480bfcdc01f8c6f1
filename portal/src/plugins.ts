import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { csrfCheck } from './auth/csrf';
import { authGate } from './auth/gate';
import type { SessionService } from './auth/sessions';
import { registerErrorHandlers } from './http/errors';
import { registerHeaderHooks, type CachePolicy } from './http/headers';

/**
 * The portal's app-wide plugins, by name. Fastify runs hooks in the order they were added, and an
 * encapsulated route plugin keeps only the hooks added before it loaded: a route module registered
 * before the auth gate would be open to anyone. So each plugin names those that must load before it
 * (`dependencies`), and a wrong order stops the portal at start, naming both plugins.
 */
export const PLUGIN = {
  errors: 'portal-errors',
  headers: 'portal-headers',
  session: 'portal-session',
  authGate: 'portal-auth-gate',
  csrf: 'portal-csrf',
} as const;

/** Error pages that say nothing of what exists (http/errors.ts), for every later plugin and route. */
export const errorPages = fp(
  (app, _options, done) => {
    registerErrorHandlers(app);
    done();
  },
  { name: PLUGIN.errors },
);

/** Security headers and the `Cache-Control` of answers that set none. */
export const headerHooks = fp<{ cachePolicy: CachePolicy }>(
  (app, { cachePolicy }, done) => {
    registerHeaderHooks(app, cachePolicy);
    done();
  },
  { name: PLUGIN.headers },
);

/** The request's session and user, read from the session cookie (or the API token) before anything else decides. */
export const sessionHook = fp<{ sessions: SessionService }>(
  (app, { sessions }, done) => {
    app.decorateRequest('session', null);
    app.decorateRequest('user', null);
    app.addHook('onRequest', (request, _reply, next) => {
      sessions.load(request);
      next();
    });
    done();
  },
  { name: PLUGIN.session, dependencies: ['@fastify/cookie'] },
);

/** No user and not a public route: 401 or the login page (auth/gate.ts). Needs the session loaded. */
export const authGateHook = fp<{ publicRoutes: ReadonlySet<string> }>(
  (app, { publicRoutes }, done) => {
    app.addHook('onRequest', authGate(publicRoutes));
    done();
  },
  { name: PLUGIN.authGate, dependencies: [PLUGIN.session] },
);

/** Every write carries the session's CSRF token, read from the parsed body or a header (auth/csrf.ts). */
export const csrfHook = fp(
  (app, _options, done) => {
    app.addHook('preHandler', csrfCheck);
    done();
  },
  // The body parsers: `_csrf` of a form or a multipart form is read from the parsed body.
  { name: PLUGIN.csrf, dependencies: [PLUGIN.session, '@fastify/formbody', '@fastify/multipart'] },
);

/**
 * A route module as an encapsulated plugin (its own hooks apply to its routes only), loaded after
 * everything that must guard it.
 */
export function routes(name: string, register: (app: FastifyInstance) => void) {
  return fp(
    (instance, _options, done) => {
      register(instance);
      done();
    },
    { name: `routes-${name}`, encapsulate: true, dependencies: [PLUGIN.errors, PLUGIN.headers, PLUGIN.authGate, PLUGIN.csrf] },
  );
}
