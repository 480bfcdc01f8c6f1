import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../model';
import type { PageContext } from '../views/layout';

export function pageContext(request: FastifyRequest): PageContext {
  return { user: request.user, csrf: request.session?.csrf ?? null };
}

export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

export function homeOf(user: User): string {
  return user.role === 'agent' ? '/agent' : '/espace';
}
