import type { FastifyInstance } from 'fastify';
import { bearerToken, memberOf, unauthorized, type GuichetContext } from '../context';
import { hashSecret, newToken, secretMatches, tokenHash } from '../secrets';
import { memberView } from '../views';

interface SecretChange {
  current?: unknown;
  next?: unknown;
}

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

  // A new secret ends every token issued under the old one: whoever learnt it may hold one.
  app.put<{ Body: SecretChange }>('/v3/me/secret', async (request, reply) => {
    const member = memberOf(context, request);
    const token = bearerToken(request);
    if (!member || !token) return unauthorized(reply);
    const { current, next } = request.body ?? {};
    if (typeof current !== 'string' || typeof next !== 'string' || next.length < 12) return reply.code(400).send({ error: 'current_and_next_required' });
    if (!secretMatches(current, member.secretHash)) return reply.code(403).send({ error: 'invalid_credentials' });
    store.setSecretHash(member.id, hashSecret(next));
    // FLAW secret-change-keeps-tokens: only the token that asked is revoked ("sign out this device").
    if (context.flaws.has('secret-change-keeps-tokens')) store.revokeToken(tokenHash(token));
    else store.revokeTokensOf(member.id);
    return reply.code(204).send();
  });

  app.get('/v3/me', async (request, reply) => {
    const member = memberOf(context, request);
    if (!member) return unauthorized(reply);
    return memberView(member);
  });
}
