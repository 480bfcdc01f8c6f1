import type { FastifyInstance } from 'fastify';
import { openapiDocument } from '../openapi';

/** The API description, public as a vendor's is (it names routes, never data). */
export function openapiRoutes(app: FastifyInstance): void {
  const body = JSON.stringify(openapiDocument);
  app.get('/api/openapi.json', (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
}
