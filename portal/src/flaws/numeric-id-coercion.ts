import type { RouteHandlerMethod } from 'fastify';
import type { DossierGuard } from '../access';
import { notFound } from '../http/errors';
import type { Loaders } from '../http/loaders';
import type { PieceParams } from '../http/params';
import type { Repositories } from '../repositories';
import type { DocumentSender } from '../routes/documents';

/** Old mobile clients send ids as they stored them (`42.0`, `042`): any short string is let in. */
export const numericIdCoercionSchema = {
  params: { type: 'object', required: ['pieceId'], properties: { pieceId: { type: 'string', minLength: 1, maxLength: 20 } } },
} as const;

/**
 * FLAW numeric-id-coercion (CWE-1287, CWE-639): the download was opened to ids spelled the old
 * clients' way, and its owner check kept as it was: it guards the id when the string in the URL is
 * the number's own spelling (`String(Number(id)) === id`), "anything else is no id of ours, the
 * lookup will 404". The lookup reads the id with Number(), which takes `042`, `42.0` or `4.2e1`
 * for 42: another usager's id with a leading zero is served unchecked.
 */
export function numericIdCoercionDownload(repos: Repositories, load: Loaders, guard: DossierGuard, send: DocumentSender): RouteHandlerMethod {
  return (request, reply) => {
    const { pieceId } = request.params as PieceParams;
    if (String(Number(pieceId)) === pieceId) return send(request, reply, load.piece(request, pieceId, guard).piece, 'attachment');
    const piece = repos.pieces.findById(Number(pieceId));
    if (!piece) throw notFound();
    return send(request, reply, piece, 'attachment');
  };
}
