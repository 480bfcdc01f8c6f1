import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import type { GuichetContext } from './context';
import { Store } from './db';
import type { GuichetFlawId } from './flaws';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { caseRoutes } from './routes/cases';
import { fileRoutes } from './routes/files';
import { pageRoutes } from './routes/pages';
import { writeRoutes } from './routes/writes';

export interface GuichetOptions {
  /** SQLite file, or `:memory:`. File bytes live in the database too. */
  dbPath: string;
  adminKey?: string;
  flaws: ReadonlySet<GuichetFlawId>;
  tokenTtlSeconds?: number;
  logger?: boolean;
}

/** guichet: a small bearer-token JSON API for case files, with a browser app rendered from it. */
export async function buildGuichet(options: GuichetOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024 });
  const store = new Store(options.dbPath);
  app.addHook('onClose', (_instance, done) => {
    store.close();
    done();
  });
  const context: GuichetContext = { store, flaws: options.flaws, adminKey: options.adminKey || undefined, tokenTtlSeconds: options.tokenTtlSeconds ?? 3600 };

  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 10, fieldSize: 10_000 } });
  // Personal data never sits in a shared or browser cache.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff').header('Referrer-Policy', 'no-referrer');
    return payload;
  });
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: 'not_found' }));
  app.setErrorHandler(async (error: { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send({ error: status === 500 ? 'internal_error' : 'bad_request' });
  });

  authRoutes(app, context);
  fileRoutes(app, context);
  caseRoutes(app, context);
  writeRoutes(app, context);
  adminRoutes(app, context);
  pageRoutes(app);
  return app;
}
