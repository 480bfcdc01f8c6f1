import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const PUBLIC_DIR = new URL('../../public/', import.meta.url);

/** The two front-end files, read once; there is no static folder for anything else to leak from. */
export function staticRoutes(app: FastifyInstance): void {
  const assets = [
    ['/static/app.js', 'app.js', 'text/javascript; charset=utf-8'],
    ['/static/style.css', 'style.css', 'text/css; charset=utf-8'],
  ] as const;
  for (const [url, file, type] of assets) {
    const body = readFileSync(new URL(file, PUBLIC_DIR));
    app.get(url, (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=300').send(body));
  }
}
