import type { FastifyInstance } from 'fastify';
import { userOf } from '../access';
import { authenticate } from '../auth/login';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { newToken } from '../auth/session-kit';
import type { PortalContext } from '../context';
import { HttpError } from '../http/errors';
import { hasRole, type User } from '../model';

const refreshSchema = {
  body: { type: 'object', required: ['refreshToken'], properties: { refreshToken: { type: 'string', minLength: 1, maxLength: 128 } } },
} as const;

const passwordSchema = {
  body: {
    type: 'object',
    required: ['password', 'newPassword'],
    properties: { password: { type: 'string', maxLength: 1024 }, newPassword: { type: 'string', minLength: 12, maxLength: 1024 } },
  },
} as const;

const loginSchema = {
  body: {
    type: 'object',
    required: ['email', 'password'],
    properties: { email: { type: 'string', maxLength: 320 }, password: { type: 'string', maxLength: 1024 } },
  },
} as const;

function me(user: User) {
  return { id: user.id, role: user.role, prenom: user.prenom, nom: user.nom, email: user.email, mdph: user.mdph_code };
}

function issueRefreshToken(ctx: PortalContext, user: User): string {
  const token = newToken();
  ctx.repos.refreshTokens.create(token, user.id);
  return token;
}

export function apiSession(app: FastifyInstance, ctx: PortalContext): void {
  // No CSRF token exists yet at login. Accepting JSON only keeps it safe: a cross-site form cannot
  // send application/json, and a cross-site fetch that does needs a CORS preflight we never grant.
  app.post<{ Body: { email: string; password: string } }>(
    '/api/v2/session',
    { schema: loginSchema, config: { csrf: false } },
    async (request, reply) => {
      if (!request.headers['content-type']?.startsWith('application/json')) throw new HttpError(415, 'JSON attendu.');
      const user = await authenticate(ctx.repos, request.body.email, request.body.password);
      if (!user) return reply.code(401).send({ error: 'Adresse électronique ou mot de passe incorrect.' });
      ctx.sessions.signIn(request, reply, user);
      return { user: me(user), csrfToken: request.session?.csrf, refreshToken: issueRefreshToken(ctx, user) };
    },
  );

  // "Rester connecté": a refresh token renews the session after it expired; a new one comes back.
  app.post<{ Body: { refreshToken: string } }>('/api/v2/session/renouvellement', { schema: refreshSchema, config: { csrf: false } }, (request, reply) => {
    if (!request.headers['content-type']?.startsWith('application/json')) throw new HttpError(415, 'JSON attendu.');
    const userId = ctx.lifecycle.spendRefreshToken(ctx.repos, request.body.refreshToken);
    const user = userId === undefined ? undefined : ctx.repos.users.findById(userId);
    if (!user || user.desactive !== 0 || !hasRole(user)) return reply.code(401).send({ error: 'Jeton de renouvellement invalide.' });
    ctx.sessions.signIn(request, reply, user);
    return { user: me(user), csrfToken: request.session?.csrf, refreshToken: issueRefreshToken(ctx, user) };
  });

  // The current password proves it is the person, not someone at an unlocked screen.
  app.post<{ Body: { password: string; newPassword: string } }>('/api/v2/moi/mot-de-passe', { schema: passwordSchema }, async (request, reply) => {
    const user = userOf(request);
    if (!(await verifyPassword(request.body.password, user.password_hash))) return reply.code(403).send({ error: 'Mot de passe actuel incorrect.' });
    ctx.repos.users.setPasswordHash(user.id, await hashPassword(request.body.newPassword));
    ctx.lifecycle.afterPasswordChange(ctx.repos, ctx.sessions, request, reply, user);
    return { csrfToken: request.session?.csrf, refreshToken: issueRefreshToken(ctx, user) };
  });

  app.delete('/api/v2/session', (request, reply) => {
    ctx.sessions.signOut(request, reply);
    return reply.code(204).send();
  });

  // An API token for the person's programs; issued to a signed-in session only (CSRF-checked POST).
  app.post('/api/v2/jetons', (request, reply) => reply.code(201).send({ token: ctx.apiTokens.issue(userOf(request)), type: 'Bearer' }));

  app.get('/api/v2/moi', (request) => ({ ...me(userOf(request)), csrfToken: request.session?.csrf }));
}
