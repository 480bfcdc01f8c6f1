import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HttpError } from '../http/errors';
import { textField } from '../http/fields';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * preHandler hook (after body parsing, before any handler touches the database): every write
 * carries the session's token, in `X-CSRF-Token` or the `_csrf` field, or nothing happens.
 */
export function csrfCheck(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const exempt = SAFE_METHODS.has(request.method) || request.routeOptions.url === undefined || request.routeOptions.config.csrf === false;
  if (exempt) return done();
  const header = request.headers['x-csrf-token'];
  const sent = typeof header === 'string' ? header : textField(request.body, '_csrf');
  const expected = request.session?.csrf;
  const valid = expected !== undefined && sent !== undefined && same(sent, expected);
  done(valid ? undefined : new HttpError(403, 'Jeton CSRF manquant ou invalide.'));
}
