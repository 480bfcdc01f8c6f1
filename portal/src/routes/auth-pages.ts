import type { FastifyInstance } from 'fastify';
import { registerUsager } from '../accounts';
import { authenticate } from '../auth/login';
import { hashPassword } from '../auth/passwords';
import type { PortalContext } from '../context';
import { HttpError } from '../http/errors';
import { textField } from '../http/fields';
import { homeOf, pageContext, sendPage } from '../http/pages';
import { hasRole } from '../model';
import { loginPage, signupPage, type SignupValues } from '../views/auth';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function authPages(app: FastifyInstance, ctx: PortalContext): void {
  app.get('/', (request, reply) => reply.redirect(request.user ? homeOf(request.user) : '/connexion'));

  app.get('/connexion', (request, reply) => {
    if (request.user) return reply.redirect(homeOf(request.user));
    ctx.sessions.ensure(request, reply);
    return sendPage(reply, loginPage(pageContext(request)));
  });

  app.post('/connexion', async (request, reply) => {
    const email = textField(request.body, 'email') ?? '';
    const user = await authenticate(ctx.repos, email, textField(request.body, 'password') ?? '');
    if (!user) return sendPage(reply, loginPage(pageContext(request), 'Adresse électronique ou mot de passe incorrect.', email), 401);
    ctx.sessions.signIn(request, reply, user);
    return reply.redirect(homeOf(user));
  });

  app.post('/deconnexion', (request, reply) => {
    ctx.sessions.signOut(request, reply);
    return reply.redirect('/connexion');
  });

  app.get('/inscription', (request, reply) => {
    if (request.user) return reply.redirect(homeOf(request.user));
    ctx.sessions.ensure(request, reply);
    return sendPage(reply, signupPage(pageContext(request), ctx.repos.mdph.list()));
  });

  app.post('/inscription', async (request, reply) => {
    const field = (name: string): string => textField(request.body, name)?.trim() ?? '';
    const values = {
      prenom: field('prenom'),
      nom: field('nom'),
      date_naissance: field('date_naissance'),
      email: field('email'),
      mdph: field('mdph'),
    } satisfies SignupValues;
    const password = textField(request.body, 'password') ?? '';
    const render = (message: string, status: number) =>
      sendPage(reply, signupPage(pageContext(request), ctx.repos.mdph.list(), values, message), status);

    const problem =
      !values.prenom || !values.nom ? 'Prénom et nom sont obligatoires.'
      : !DATE.test(values.date_naissance) ? 'Date de naissance invalide.'
      : !EMAIL.test(values.email) ? 'Adresse électronique invalide.'
      : password.length < 8 ? 'Le mot de passe doit compter 8 caractères au moins.'
      : !ctx.repos.mdph.find(values.mdph) ? 'MDPH inconnue.'
      : undefined;
    if (problem) return render(problem, 400);

    const passwordHash = await hashPassword(password);
    let userId: number;
    try {
      ({ userId } = registerUsager(ctx.db, ctx.repos, {
        role: 'usager',
        email: values.email,
        passwordHash,
        prenom: values.prenom,
        nom: values.nom,
        dateNaissance: values.date_naissance,
        mdphCode: values.mdph,
      }));
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 409) return render(error.message, 409);
      throw error;
    }
    const user = ctx.repos.users.findById(userId);
    if (!user || !hasRole(user)) throw new Error(`user ${userId} vanished or lost its role right after sign-up`);
    ctx.sessions.signIn(request, reply, user);
    return reply.redirect('/espace');
  });
}
