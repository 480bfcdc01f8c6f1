import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PortalContext } from '../context';
import { sendDocument } from '../http/send-file';
import type { Piece } from '../model';

export type DocumentSender = (request: FastifyRequest, reply: FastifyReply, piece: Piece, kind: 'attachment' | 'inline') => Promise<FastifyReply>;

/** Sends a pièce's bytes, after logging who read it; callers have already decided they may. */
export function createDocumentSender(ctx: PortalContext): DocumentSender {
  return async (request, reply, piece, kind) => {
    const bytes = await ctx.files.read(piece.dossier_id, piece.stored_name);
    await ctx.audit.record({ userId: request.user?.id ?? null, action: `pieces.${kind}`, pieceIds: [piece.id] });
    return sendDocument(reply, bytes, piece.mime, kind, piece.nom_fichier);
  };
}
