import type { FastifyInstance } from 'fastify';
import { APP_SCRIPT, SHELL_CSP, SHELL_HTML } from '../browser-app';

/**
 * The pages: the same shell for every URL under /app, served to anyone (a browser navigation
 * carries no bearer token). Whatever a page shows comes from the API, which checks the token.
 */
export function pageRoutes(app: FastifyInstance): void {
  const shell = async (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('Content-Security-Policy', SHELL_CSP).send(SHELL_HTML);
  app.get('/app', shell);
  app.get('/app/login', shell);
  app.get('/app/files/:fileId', shell);
  app.get('/app/cases/:caseRef', shell);
  app.get('/app/app.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(APP_SCRIPT));
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
}
