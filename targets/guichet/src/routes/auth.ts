import type { FastifyInstance } from 'fastify';
import { bearerToken, memberOf, unauthorized, type GuichetContext } from '../context';
import { newToken, secretMatches, tokenHash } from '../secrets';
import { memberView } from '../views';

interface Credentials {
  login?: unknown;
  secret?: unknown;
}

/** Bearer tokens: issued by login, revoked server-side by logout, and the caller's own profile. */
export function authRoutes(app: FastifyInstance, context: GuichetContext): void {
  const { store } = context;

  app.post<{ Body: Credentials }>('/v3/auth/tokens', async (request, reply) => {
    const { login, secret } = request.body ?? {};
    if (typeof login !== 'string' || typeof secret !== 'string') return reply.code(400).send({ error: 'login_and_secret_required' });
    const member = store.memberByEmail(login);
    if (!member || !secretMatches(secret, member.secretHash)) return reply.code(401).send({ error: 'invalid_credentials' });
    const token = newToken();
    store.insertToken(tokenHash(token), member.id, Date.now() + context.tokenTtlSeconds * 1000);
    return reply.code(201).send({ accessToken: token, tokenType: 'Bearer', expiresIn: context.tokenTtlSeconds });
  });

  app.delete('/v3/auth/tokens/current', async (request, reply) => {
    const token = bearerToken(request);
    if (!token || !memberOf(context, request)) return unauthorized(reply);
    store.revokeToken(tokenHash(token));
    return reply.code(204).send();
  });

  app.get('/v3/me', async (request, reply) => {
    const member = memberOf(context, request);
    if (!member) return unauthorized(reply);
    return memberView(member);
  });
}
