import type { FastifyInstance } from 'fastify';
import { userOf } from '../access';
import { authenticate } from '../auth/login';
import type { PortalContext } from '../context';
import { HttpError } from '../http/errors';
import type { User } from '../model';

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
      return { user: me(user), csrfToken: request.session?.csrf };
    },
  );

  app.delete('/api/v2/session', (request, reply) => {
    ctx.sessions.signOut(request, reply);
    return reply.code(204).send();
  });

  // An API token for the person's programs; issued to a signed-in session only (CSRF-checked POST).
  app.post('/api/v2/jetons', (request, reply) => reply.code(201).send({ token: ctx.apiTokens.issue(userOf(request)), type: 'Bearer' }));

  app.get('/api/v2/moi', (request) => ({ ...me(userOf(request)), csrfToken: request.session?.csrf }));
}
