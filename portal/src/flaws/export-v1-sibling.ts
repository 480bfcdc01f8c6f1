import type { FastifyInstance } from 'fastify';
import type { PortalContext } from '../context';
import { notFound } from '../http/errors';
import { contentDisposition } from '../http/send-file';
import { dossierIdSchema, type DossierParams } from '../http/params';
import { zipPieces } from '../storage/export-zip';

/**
 * FLAW export-v1-sibling (CWE-1059, CWE-862), the 2018 bulk-export shape: the ZIP export was first
 * registered for v1 clients with no access check ("the v1 app only ever asked for its own dossier"),
 * and again, later, behind the owner check for v2. Nothing links to v1 any more; it still answers.
 */
export function registerExportV1Sibling(app: FastifyInstance, ctx: PortalContext): void {
  app.get<{ Params: DossierParams }>('/api/v1/dossiers/:dossierId/export', { schema: dossierIdSchema }, async (request, reply) => {
    const dossier = ctx.repos.dossiers.findById(Number(request.params.dossierId));
    if (!dossier) throw notFound();
    const zip = await zipPieces(ctx.files, ctx.repos.pieces.listByDossier(dossier.id));
    return reply.type('application/zip').header('content-disposition', contentDisposition('attachment', `dossier-${dossier.numero}.zip`)).send(zip);
  });
}
