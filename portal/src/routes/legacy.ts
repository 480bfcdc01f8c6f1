import type { FastifyInstance } from 'fastify';
import { readGuard } from '../access';
import type { PortalContext } from '../context';
import { registerExportV1Sibling } from '../flaws/export-v1-sibling';
import { legacyEndpointGuard } from '../flaws/legacy-endpoint';
import { variant } from '../flaws/seam';
import { pieceIdSchema, type PieceParams } from '../http/params';
import { createDocumentSender } from './documents';

/** v1 download, still linked by old clients and by /static/app.js; same rule as v2. */
export function legacyRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const sendDocument = createDocumentSender(ctx);
  const guard = variant(ctx.flaws, readGuard(ctx.access), { 'legacy-endpoint': legacyEndpointGuard });
  app.get<{ Params: PieceParams }>('/api/v1/pieces/:pieceId/download', { schema: pieceIdSchema }, (request, reply) =>
    sendDocument(request, reply, ctx.load.piece(request, request.params.pieceId, guard).piece, 'attachment'),
  );
  if (ctx.flaws.has('export-v1-sibling')) registerExportV1Sibling(app, ctx);
}
