import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors';

/** The delegation header: whom a representative (or the usager themself) acts for. */
export const DELEGATION_HEADER = 'x-usager-id';

/** The espace being viewed, set by the espace page so later pages know whom they show. */
export const ESPACE_COOKIE = 'espace';

const POSITIVE_INT = /^[1-9][0-9]{0,14}$/;

/** The usager ids a request names: the delegation header, `?usagerId=` (older pages), the espace cookie. */
export function namedUsagers(request: FastifyRequest): { header?: number; query?: number; cookie?: number } {
  const parse = (value: unknown, what: string): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !POSITIVE_INT.test(value)) throw badRequest(`${what} invalide.`);
    return Number(value);
  };
  return {
    header: parse(request.headers[DELEGATION_HEADER], 'En-tête X-Usager-Id'),
    query: parse((request.query as Record<string, unknown>).usagerId, 'Paramètre usagerId'),
    cookie: parse(request.cookies[ESPACE_COOKIE], 'Cookie espace'),
  };
}

