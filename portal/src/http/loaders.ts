import type { FastifyRequest } from 'fastify';
import type { DossierGuard } from '../access';
import type { Dossier, Piece } from '../model';
import type { Repositories } from '../repositories';
import { notFound } from './errors';

export interface Loaders {
  /** The dossier if it exists and the guard lets this request through; else the generic 404. */
  dossier(request: FastifyRequest, id: string, guard: DossierGuard): Dossier;
  /** The pièce and its dossier if both exist and the guard lets this request through; else the generic 404. */
  piece(request: FastifyRequest, id: string, guard: DossierGuard): { piece: Piece; dossier: Dossier };
}

export function createLoaders(repos: Repositories): Loaders {
  return {
    dossier(request, id, guard) {
      const dossier = repos.dossiers.findById(Number(id));
      if (!dossier || !guard(request, dossier)) throw notFound();
      return dossier;
    },
    piece(request, id, guard) {
      const piece = repos.pieces.findById(Number(id));
      const dossier = piece && repos.dossiers.findById(piece.dossier_id);
      if (!piece || !dossier || !guard(request, dossier)) throw notFound();
      return { piece, dossier };
    },
  };
}
