import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readGuard, userOf } from '../access';
import type { PortalContext } from '../context';
import { dossierIdorGuard } from '../flaws/dossier-idor';
import { duplicateIdentitiesSummary } from '../flaws/duplicate-identities';
import { excessiveDataDetail } from '../flaws/excessive-data';
import { registerExportRegisteredTwice } from '../flaws/export-registered-twice';
import { exportLeakSelection } from '../flaws/export-leak';
import { variant } from '../flaws/seam';
import { syntheseBodyIdorDossier } from '../flaws/synthese-body-idor';
import { dossierJson, pieceJson } from '../http/json';
import { dossierIdSchema, type DossierParams } from '../http/params';
import { contentDisposition } from '../http/send-file';
import type { Dossier, Piece } from '../model';
import { readScope } from '../repositories/scope';
import { zipPieces } from '../storage/export-zip';
import { createUploader } from './upload';

/** The dossier API answer for a dossier the caller may read. */
export type DossierDetail = (dossier: Dossier) => object;
/** One dossier of the caller's list (`GET /api/v2/dossiers`). */
export type DossierSummary = (dossier: Dossier) => object;
/** The pièces that go into a dossier's ZIP export. */
export type ExportSelection = (dossier: Dossier) => Piece[];
/** The dossier a summary request names in its body, once the portal agreed the caller may read it. */
export type SyntheseDossier = (request: FastifyRequest, dossierId: number) => Dossier;

interface SyntheseBody {
  dossierId: number;
}
const syntheseSchema = {
  body: { type: 'object', required: ['dossierId'], additionalProperties: false, properties: { dossierId: { type: 'integer', minimum: 1 } } },
} as const;

export function apiDossiers(app: FastifyInstance, ctx: PortalContext): void {
  const { repos, access, flaws, load, db } = ctx;
  const ownerGuard = readGuard(access);
  const dossierGuard = variant(flaws, ownerGuard, { 'dossier-idor': dossierIdorGuard });
  const uploader = createUploader(ctx);

  // Only the usager's name: the identity (NIR, address, birth date) is for agents' own routes.
  const secureDetail: DossierDetail = (dossier) => {
    const usager = repos.users.findById(dossier.usager_id);
    return {
      ...dossierJson(dossier),
      usager: { prenom: usager?.prenom, nom: usager?.nom },
      pieces: repos.pieces.listByDossier(dossier.id).map(pieceJson),
    };
  };
  const detail = variant(flaws, secureDetail, { 'excessive-data': excessiveDataDetail(db, secureDetail) });

  const secureSelection: ExportSelection = (dossier) => repos.pieces.listByDossier(dossier.id);
  const exportSelection = variant(flaws, secureSelection, { 'export-leak': exportLeakSelection(db) });

  const secureSynthese: SyntheseDossier = (request, dossierId) => load.dossier(request, String(dossierId), ownerGuard);
  const syntheseDossier = variant(flaws, secureSynthese, { 'synthese-body-idor': syntheseBodyIdorDossier(repos) });

  const summary = variant<DossierSummary>(flaws, dossierJson, { 'duplicate-identities': duplicateIdentitiesSummary(db, dossierJson) });

  app.get('/api/v2/dossiers', (request) => repos.dossiers.listReadable(readScope(userOf(request))).map(summary));

  app.get<{ Params: DossierParams }>('/api/v2/dossiers/:dossierId', { schema: dossierIdSchema }, (request) =>
    detail(load.dossier(request, request.params.dossierId, dossierGuard)),
  );

  app.get<{ Params: DossierParams }>('/api/v2/dossiers/:dossierId/pieces', { schema: dossierIdSchema }, (request) => {
    const dossier = load.dossier(request, request.params.dossierId, dossierGuard);
    return repos.pieces.listByDossier(dossier.id).map(pieceJson);
  });

  // The summary block of the dossier page. A read, sent as POST because the page's query client
  // posts every query; a read needs no CSRF token, and its body's id is checked as a URL id is.
  app.post<{ Body: SyntheseBody }>('/api/v2/dossiers/synthese', { schema: syntheseSchema, config: { csrf: false } }, (request) => {
    const dossier = syntheseDossier(request, request.body.dossierId);
    const pieces = repos.pieces.listByDossier(dossier.id);
    const parEtat: Record<string, number> = {};
    for (const piece of pieces) parEtat[piece.etat] = (parEtat[piece.etat] ?? 0) + 1;
    return { ...dossierJson(dossier), parEtat, pieces: pieces.map(pieceJson) };
  });

  if (flaws.has('export-registered-twice')) registerExportRegisteredTwice(app, ctx);
  app.get<{ Params: DossierParams }>('/api/v2/dossiers/:dossierId/export', { schema: dossierIdSchema }, async (request, reply) => {
    const dossier = load.dossier(request, request.params.dossierId, ownerGuard);
    const pieces = exportSelection(dossier);
    const zip = await zipPieces(ctx.files, pieces);
    await ctx.audit.record({ userId: userOf(request).id, action: 'dossiers.export', pieceIds: pieces.map((piece) => piece.id) });
    return reply
      .type('application/zip')
      .header('content-disposition', contentDisposition('attachment', `dossier-${dossier.numero}.zip`))
      .send(zip);
  });

  app.post<{ Params: DossierParams }>('/api/v2/dossiers/:dossierId/pieces', { schema: dossierIdSchema }, async (request, reply) => {
    const piece = await uploader.accept(request, request.params.dossierId);
    return reply.code(201).send(pieceJson(piece));
  });
}
