import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Member, Store } from './db';
import type { GuichetFlawId } from './flaws';
import { tokenHash } from './secrets';

export interface GuichetContext {
  store: Store;
  flaws: ReadonlySet<GuichetFlawId>;
  /** Provisioning key; undefined = the admin API answers 404. */
  adminKey: string | undefined;
  tokenTtlSeconds: number;
}

/** The bearer token of a request, from the Authorization header only (never a query parameter). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,})$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Flaw token-in-query: the token is also read from `?access_token=` "for the links in e-mails and
 * for image tags", so it lands in access logs, proxies, history and Referer headers.
 */
function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The member behind the request's token, when the token is live. */
export function memberOf(context: GuichetContext, request: FastifyRequest): Member | undefined {
  const token = bearerToken(request) ?? (context.flaws.has('token-in-query') ? queryToken(request) : undefined);
  if (!token) return undefined;
  const live = context.store.liveToken(tokenHash(token), Date.now());
  return live ? context.store.memberById(live.memberId) : undefined;
}

export function unauthorized(reply: FastifyReply): FastifyReply {
  return reply.code(401).header('WWW-Authenticate', 'Bearer realm="guichet"').send({ error: 'unauthorized' });
}

/** One answer for "no such thing" and "not yours": ids must not be probed for existence. */
export function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ error: 'not_found' });
}
