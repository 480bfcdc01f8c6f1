import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userOf, type AgentGate, type DossierGuard } from '../access';
import type { PortalContext } from '../context';
import { agentCrossTenantGuard } from '../flaws/agent-cross-tenant';
import { variant } from '../flaws/seam';
import { usagerToAgentGate } from '../flaws/usager-to-agent';
import { notFound } from '../http/errors';
import { dossierJson, pieceJson } from '../http/json';
import { pageContext, sendPage } from '../http/pages';
import { dossierIdSchema, pieceIdSchema, type DossierParams, type PieceParams } from '../http/params';
import { PIECE_ETATS, type PieceEtat } from '../model';
import type { DossierWithUsager } from '../repositories/dossiers';
import { agentDossierPage, agentListPage } from '../views/agent';

const isAgent: AgentGate = (request) => request.user?.role === 'agent';

/** An agent works for one MDPH (tenant) and sees only its dossiers. */
const sameMdph: DossierGuard = (request, dossier) => request.user?.mdph_code === dossier.mdph_code;

const etatSchema = {
  ...pieceIdSchema,
  body: { type: 'object', required: ['etat'], properties: { etat: { type: 'string', enum: PIECE_ETATS } } },
} as const;

function agentDossierJson(dossier: DossierWithUsager) {
  return {
    ...dossierJson(dossier),
    usager: {
      id: dossier.usager_id,
      prenom: dossier.prenom,
      nom: dossier.nom,
      email: dossier.email,
      dateNaissance: dossier.date_naissance,
      nir: dossier.nir,
      adresse: dossier.adresse,
    },
  };
}

/** The back office, pages and API, as one plugin behind one role check. */
export function agentRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const { repos, flaws } = ctx;
  const gate = variant(flaws, isAgent, { 'usager-to-agent': usagerToAgentGate });
  const tenantGuard = variant(flaws, sameMdph, { 'agent-cross-tenant': agentCrossTenantGuard });

  // The back office does not exist for anyone else: 404, not 403.
  app.addHook('onRequest', (request, _reply, done) => done(gate(request) ? undefined : notFound()));

  const mdphOf = (request: FastifyRequest): string => userOf(request).mdph_code ?? '';
  const dossierOf = (request: FastifyRequest, id: string): DossierWithUsager => {
    const dossier = repos.dossiers.findWithUsager(Number(id));
    if (!dossier || !tenantGuard(request, dossier)) throw notFound();
    return dossier;
  };

  app.get('/agent', (request, reply) => {
    const mdph = repos.mdph.find(mdphOf(request));
    return sendPage(reply, agentListPage(pageContext(request), mdph?.nom ?? 'MDPH', repos.dossiers.listWithUsagerByMdph(mdphOf(request))));
  });

  app.get<{ Params: DossierParams }>('/agent/dossiers/:dossierId', { schema: dossierIdSchema }, (request, reply) => {
    const dossier = dossierOf(request, request.params.dossierId);
    return sendPage(reply, agentDossierPage(pageContext(request), dossier, repos.pieces.listByDossier(dossier.id)));
  });

  app.get('/api/v2/agent/dossiers', (request) => repos.dossiers.listWithUsagerByMdph(mdphOf(request)).map(agentDossierJson));

  app.get<{ Params: DossierParams }>('/api/v2/agent/dossiers/:dossierId', { schema: dossierIdSchema }, (request) => {
    const dossier = dossierOf(request, request.params.dossierId);
    return { ...agentDossierJson(dossier), pieces: repos.pieces.listByDossier(dossier.id).map(pieceJson) };
  });

  app.post<{ Params: PieceParams; Body: { etat: PieceEtat } }>('/api/v2/agent/pieces/:pieceId/etat', { schema: etatSchema }, (request) => {
    const piece = repos.pieces.findById(Number(request.params.pieceId));
    if (!piece) throw notFound();
    dossierOf(request, String(piece.dossier_id));
    repos.pieces.setEtat(piece.id, request.body.etat);
    return pieceJson({ ...piece, etat: request.body.etat });
  });
}
