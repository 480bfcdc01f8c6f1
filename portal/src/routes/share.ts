import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readGuard, userOf, writeGuard } from '../access';
import { newToken } from '../auth/session-kit';
import type { PortalContext } from '../context';
import { variant } from '../flaws/seam';
import { signedLinkUnboundResolver } from '../flaws/signed-link-unbound';
import { notFound } from '../http/errors';
import { pieceIdSchema, type PieceParams } from '../http/params';
import type { Piece } from '../model';
import { createDocumentSender } from './documents';

/** Fifteen minutes: long enough to pass a link on, short enough that a forgotten one dies soon. */
export const DEFAULT_SHARE_TTL_SECONDS = 15 * 60;
const tokenSchema = {
  params: { type: 'object', required: ['token'], properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{20,100}$' } } },
} as const;

/** The pièce behind a share link, for this request. */
export type ShareLinkResolver = (request: FastifyRequest, token: string) => Piece | undefined;

export function shareRoutes(app: FastifyInstance, ctx: PortalContext, ttlSeconds = DEFAULT_SHARE_TTL_SECONDS): void {
  const { repos, access, flaws, load } = ctx;
  const sendDocument = createDocumentSender(ctx);
  const mayRead = readGuard(access);
  const mayWrite = writeGuard(access);

  // A link is a convenience for someone who may already read the pièce, not a bearer capability:
  // it needs a signed-in reader, expires after `ttlSeconds`, and dies with revocation or with the
  // session that created it.
  const secureResolver: ShareLinkResolver = (request, token) => {
    if (!request.user) return undefined;
    const link = repos.shareLinks.findLive(token, Date.now());
    const piece = link && repos.pieces.findById(link.piece_id);
    const dossier = piece && repos.dossiers.findById(piece.dossier_id);
    return dossier && mayRead(request, dossier) ? piece : undefined;
  };
  const resolve = variant(flaws, secureResolver, { 'signed-link-unbound': signedLinkUnboundResolver(repos) });

  app.get<{ Params: { token: string } }>('/partage/:token', { schema: tokenSchema }, async (request, reply) => {
    const piece = resolve(request, request.params.token);
    if (piece) return sendDocument(request, reply, piece, 'attachment');
    if (!request.user) return reply.redirect('/connexion');
    throw notFound();
  });

  app.post<{ Params: PieceParams }>('/api/v2/pieces/:pieceId/partage', { schema: pieceIdSchema }, (request, reply) => {
    const { piece } = load.piece(request, request.params.pieceId, mayWrite);
    const token = newToken();
    const expiresAt = Date.now() + ttlSeconds * 1000;
    repos.shareLinks.create(token, piece.id, request.session?.id ?? '', expiresAt);
    return reply.code(201).send({ token, url: `/partage/${token}`, expiresAt: new Date(expiresAt).toISOString() });
  });

  app.delete<{ Params: { token: string } }>('/api/v2/partages/:token', { schema: tokenSchema }, (request, reply) => {
    const link = repos.shareLinks.find(request.params.token);
    const piece = link && repos.pieces.findById(link.piece_id);
    const dossier = piece && repos.dossiers.findById(piece.dossier_id);
    if (!link || !dossier || !access.canWrite(userOf(request), dossier)) throw notFound();
    repos.shareLinks.revoke(link.token);
    return reply.code(204).send();
  });
}
