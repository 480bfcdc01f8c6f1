import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createUser, registerUsager } from '../accounts';
import { hashPassword } from '../auth/passwords';
import type { PortalContext } from '../context';
import { badRequest, HttpError } from '../http/errors';
import { textField } from '../http/fields';
import { pieceJson } from '../http/json';
import { PRESTATIONS } from '../model';
import { checkedUpload, pieceFields } from '../storage/uploads';

const text = (maxLength = 200) => ({ type: 'string', minLength: 1, maxLength }) as const;
const person = { prenom: text(), nom: text(), email: text(320), password: text(1024) } as const;

const usagerSchema = {
  body: {
    type: 'object',
    required: ['prenom', 'nom', 'email', 'password', 'mdph'],
    properties: {
      ...person,
      dateNaissance: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
      nir: text(30),
      adresse: text(500),
      mdph: text(3),
      demandes: { type: 'array', items: { type: 'string', enum: PRESTATIONS }, uniqueItems: true },
    },
  },
} as const;
const representantSchema = {
  body: { type: 'object', required: ['prenom', 'nom', 'email', 'password', 'representeId'], properties: { ...person, representeId: { type: 'integer', minimum: 1 } } },
} as const;
const agentSchema = {
  body: { type: 'object', required: ['prenom', 'nom', 'email', 'password', 'mdph'], properties: { ...person, mdph: text(3) } },
} as const;
const mdphSchema = {
  body: { type: 'object', required: ['code', 'nom'], properties: { code: { type: 'string', pattern: '^(\\d{2,3}|2[AB])$' }, nom: text() } },
} as const;

interface PersonBody {
  prenom: string;
  nom: string;
  email: string;
  password: string;
}

function same(sent: string, expected: string): boolean {
  const left = Buffer.from(sent);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Seeding API for test environments, registered only when a token is configured (404 otherwise).
 * It bypasses every ownership rule, so the token is its only guard.
 */
export function provisioningRoutes(app: FastifyInstance, ctx: PortalContext & { provisioningToken: string }): void {
  const { db, repos } = ctx;
  const config = { csrf: false } as const;

  app.addHook('onRequest', (request, _reply, done) => {
    const sent = request.headers['x-provisioning-token'];
    done(typeof sent === 'string' && same(sent, ctx.provisioningToken) ? undefined : new HttpError(403, 'Jeton de provisionnement invalide.'));
  });

  const mdphOrFail = (code: string): string => {
    if (!repos.mdph.find(code)) throw badRequest(`MDPH inconnue : ${code}.`);
    return code;
  };

  app.post<{ Body: { code: string; nom: string } }>('/api/provisioning/mdph', { schema: mdphSchema, config }, (request, reply) => {
    if (repos.mdph.find(request.body.code)) throw new HttpError(409, 'MDPH déjà connue.');
    repos.mdph.create(request.body.code, request.body.nom);
    return reply.code(201).send({ code: request.body.code, nom: request.body.nom });
  });

  app.post<{ Body: PersonBody & { dateNaissance?: string; nir?: string; adresse?: string; mdph: string; demandes?: string[] } }>(
    '/api/provisioning/usagers',
    { schema: usagerSchema, config },
    async (request, reply) => {
      const body = request.body;
      const { userId, dossier } = registerUsager(
        db,
        repos,
        {
          role: 'usager',
          email: body.email,
          passwordHash: await hashPassword(body.password),
          prenom: body.prenom,
          nom: body.nom,
          dateNaissance: body.dateNaissance ?? null,
          nir: body.nir ?? null,
          adresse: body.adresse ?? null,
          mdphCode: mdphOrFail(body.mdph),
        },
        body.demandes,
      );
      return reply.code(201).send({ id: userId, dossierId: dossier.id, dossierNumero: dossier.numero });
    },
  );

  app.post<{ Body: PersonBody & { representeId: number } }>(
    '/api/provisioning/representants',
    { schema: representantSchema, config },
    async (request, reply) => {
      const represented = repos.users.findById(request.body.representeId);
      if (represented?.role !== 'usager') throw badRequest('representeId ne désigne pas un usager.');
      const id = createUser(repos, {
        role: 'representant',
        email: request.body.email,
        passwordHash: await hashPassword(request.body.password),
        prenom: request.body.prenom,
        nom: request.body.nom,
        // The represented person's MDPH, for display; access goes through represente_id only.
        mdphCode: represented.mdph_code,
        representeId: represented.id,
      });
      return reply.code(201).send({ id });
    },
  );

  app.post<{ Body: PersonBody & { mdph: string } }>('/api/provisioning/agents', { schema: agentSchema, config }, async (request, reply) => {
    const id = createUser(repos, {
      role: 'agent',
      email: request.body.email,
      passwordHash: await hashPassword(request.body.password),
      prenom: request.body.prenom,
      nom: request.body.nom,
      mdphCode: mdphOrFail(request.body.mdph),
    });
    return reply.code(201).send({ id });
  });

  app.post('/api/provisioning/pieces', { config }, async (request, reply) => {
    const dossierId = Number(textField(request.body, 'dossierId'));
    const dossier = Number.isSafeInteger(dossierId) && dossierId > 0 ? repos.dossiers.findById(dossierId) : undefined;
    if (!dossier) throw badRequest('dossierId inconnu.');
    const fields = pieceFields(request.body);
    const file = await checkedUpload(request, ctx.maxUploadBytes);
    const piece = await ctx.pieceStore.add(
      { dossierId: dossier.id, type: fields.type, titre: fields.titre, nomFichier: file.nomFichier, mime: file.mime, taille: file.taille, sha256: file.sha256 },
      file.bytes,
    );
    return reply.code(201).send(pieceJson(piece));
  });

  // Teardown (profile `teardown`): what a run seeded is removed at its end, files included.
  app.delete<{ Params: { id: string } }>('/api/provisioning/pieces/:id', { config }, async (request, reply) => {
    const piece = repos.pieces.findById(positiveId(request.params.id));
    if (!piece) throw new HttpError(404, 'Pièce inconnue.');
    await ctx.pieceStore.remove(piece);
    return reply.code(204).send();
  });

  // An administrator disabling an account (the account lifecycle checks).
  app.post<{ Params: { id: string } }>('/api/provisioning/users/:id/desactivation', { config }, (request, reply) => {
    const user = repos.users.findById(positiveId(request.params.id));
    if (!user) throw new HttpError(404, 'Compte inconnu.');
    ctx.lifecycle.disableAccount(repos, user.id);
    return reply.code(204).send();
  });

  // An administrator taking a role away (the account lifecycle checks): the account stays, role-less.
  app.delete<{ Params: { id: string } }>('/api/provisioning/users/:id/role', { config }, (request, reply) => {
    const user = repos.users.findById(positiveId(request.params.id));
    if (!user) throw new HttpError(404, 'Compte inconnu.');
    ctx.lifecycle.revokeRole(repos, user.id);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/api/provisioning/users/:id', { config }, async (request, reply) => {
    const user = repos.users.findById(positiveId(request.params.id));
    if (!user) throw new HttpError(404, 'Compte inconnu.');
    if (repos.users.countRepresenting(user.id) > 0) throw new HttpError(409, 'Des représentants de ce compte existent encore.');
    for (const dossier of repos.dossiers.listByUsager(user.id)) {
      for (const piece of repos.pieces.listByDossier(dossier.id)) await ctx.pieceStore.remove(piece);
      await ctx.files.removeDossier(dossier.id);
      repos.dossiers.remove(dossier.id);
    }
    repos.users.remove(user.id);
    return reply.code(204).send();
  });
}

function positiveId(value: string): number {
  const id = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw new HttpError(404, 'Identifiant inconnu.');
  return id;
}
