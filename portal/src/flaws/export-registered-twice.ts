import type { FastifyInstance } from 'fastify';
import type { PortalContext } from '../context';
import { notFound } from '../http/errors';
import { dossierIdSchema, type DossierParams } from '../http/params';
import { contentDisposition } from '../http/send-file';
import { zipPieces } from '../storage/export-zip';

/**
 * FLAW export-registered-twice (CWE-862, CWE-1289), the 2018 bulk-export bug: the ZIP export was
 * first registered for the agents' nightly batch, whose client writes the URL with a trailing slash,
 * with no owner hook ("the batch runs as the service account"); the usagers' export was registered
 * again beside it, without the slash, behind the owner check. The router keeps both (trailing
 * slashes are significant): the slashed registration exports any dossier to any session.
 */
export function registerExportRegisteredTwice(app: FastifyInstance, ctx: PortalContext): void {
  app.get<{ Params: DossierParams }>('/api/v2/dossiers/:dossierId/export/', { schema: dossierIdSchema }, async (request, reply) => {
    const dossier = ctx.repos.dossiers.findById(Number(request.params.dossierId));
    if (!dossier) throw notFound();
    const zip = await zipPieces(ctx.files, ctx.repos.pieces.listByDossier(dossier.id));
    return reply.type('application/zip').header('content-disposition', contentDisposition('attachment', `dossier-${dossier.numero}.zip`)).send(zip);
  });
}
