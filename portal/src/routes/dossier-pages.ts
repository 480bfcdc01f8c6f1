import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readGuard, userOf } from '../access';
import type { PortalContext } from '../context';
import { dossierIdorGuard } from '../flaws/dossier-idor';
import { errorPageLeakRefusal } from '../flaws/error-page-leak';
import { fileByNameResolver } from '../flaws/file-by-name';
import { pathTraversalResolver } from '../flaws/path-traversal';
import { variant } from '../flaws/seam';
import { viewIdorGuard } from '../flaws/view-idor';
import { ESPACE_COOKIE } from '../http/delegation';
import { notFound } from '../http/errors';
import { pageContext, sendPage } from '../http/pages';
import { dossierIdSchema, pieceIdSchema, type DossierParams, type PieceParams } from '../http/params';
import { sendDocument } from '../http/send-file';
import type { Dossier, Piece } from '../model';
import { readScope } from '../repositories/scope';
import { dossierPage, espacePage, piecePage, uploadPage } from '../views/dossiers';
import { createUploader } from './upload';

/** What `/dossiers/:dossierId/fichiers/:fileName` serves for a file name of a dossier. */
export interface ServedFile {
  path: string;
  mime: string;
  name: string;
}
export type DossierFileResolver = (dossier: Dossier, fileName: string) => ServedFile | undefined;

/** The answer when a pièce exists but is not the caller's. */
export type PieceRefusal = (request: FastifyRequest, reply: FastifyReply, piece: Piece) => FastifyReply;

/** Refused looks exactly like absent. */
const secureRefusal: PieceRefusal = () => {
  throw notFound();
};

export function dossierPages(app: FastifyInstance, ctx: PortalContext): void {
  const { repos, files, access, flaws, load } = ctx;
  const ownerGuard = readGuard(access);
  const dossierGuard = variant(flaws, ownerGuard, { 'dossier-idor': dossierIdorGuard });
  const viewGuard = variant(flaws, ownerGuard, { 'view-idor': viewIdorGuard });
  const refuse = variant(flaws, secureRefusal, { 'error-page-leak': errorPageLeakRefusal });
  const uploader = createUploader(ctx);

  // The file name is only a key: the file served is the one of the row found in *this* dossier,
  // so `..`, encoded slashes or another dossier's stored name match nothing.
  const secureResolver: DossierFileResolver = (dossier, fileName) => {
    const piece = repos.pieces.findByStoredName(dossier.id, fileName);
    return piece && { path: files.pathOf(piece.dossier_id, piece.stored_name), mime: piece.mime, name: piece.nom_fichier };
  };
  const resolveFile = variant(flaws, secureResolver, { 'path-traversal': pathTraversalResolver(files), 'file-by-name': fileByNameResolver(ctx.db, files) });

  app.get('/espace', (request, reply) => {
    const user = userOf(request);
    if (user.role === 'agent') return reply.redirect('/agent');
    const subject = user.role === 'representant' ? user.represente_id : user.id;
    // Whom the espace shows, for the pages that follow; every request naming it is checked again.
    if (subject !== null) reply.setCookie(ESPACE_COOKIE, String(subject), { path: '/', httpOnly: true, sameSite: 'lax' });
    return sendPage(reply, espacePage(pageContext(request), repos.dossiers.listReadable(readScope(user)), subject));
  });

  app.get<{ Params: DossierParams }>('/dossiers/:dossierId', { schema: dossierIdSchema }, (request, reply) => {
    const dossier = load.dossier(request, request.params.dossierId, dossierGuard);
    return sendPage(reply, dossierPage(pageContext(request), dossier, access.canWrite(userOf(request), dossier)));
  });

  app.get<{ Params: DossierParams }>('/dossiers/:dossierId/pieces/nouvelle', { schema: dossierIdSchema }, (request, reply) => {
    const dossier = load.dossier(request, request.params.dossierId, uploader.guard);
    return sendPage(reply, uploadPage(pageContext(request), dossier));
  });

  app.post<{ Params: DossierParams }>('/dossiers/:dossierId/pieces', { schema: dossierIdSchema }, async (request, reply) => {
    await uploader.accept(request, request.params.dossierId);
    return reply.redirect(`/dossiers/${request.params.dossierId}`);
  });

  app.get<{ Params: PieceParams }>('/pieces/:pieceId', { schema: pieceIdSchema }, (request, reply) => {
    const piece = repos.pieces.findById(Number(request.params.pieceId));
    const dossier = piece && repos.dossiers.findById(piece.dossier_id);
    if (!piece || !dossier) throw notFound();
    if (!viewGuard(request, dossier)) return refuse(request, reply, piece);
    return sendPage(reply, piecePage(pageContext(request), piece, dossier));
  });

  app.get<{ Params: DossierParams & { fileName: string } }>(
    '/dossiers/:dossierId/fichiers/:fileName',
    { schema: { params: { ...dossierIdSchema.params, required: ['dossierId', 'fileName'] } } },
    async (request, reply) => {
      const dossier = load.dossier(request, request.params.dossierId, ownerGuard);
      const file = resolveFile(dossier, request.params.fileName);
      const bytes = file && (await readFile(file.path).catch(() => undefined));
      if (!file || !bytes) throw notFound();
      await ctx.audit.record({ userId: userOf(request).id, action: 'fichiers.read' });
      return sendDocument(reply, bytes, file.mime, 'inline', file.name);
    },
  );
}
