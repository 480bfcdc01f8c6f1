import type { FastifyRequest } from 'fastify';
import { writeGuard, type DossierGuard } from '../access';
import type { PortalContext } from '../context';
import { massAssignmentDraft } from '../flaws/mass-assignment';
import { variant } from '../flaws/seam';
import { uploadIntoOtherGuard } from '../flaws/upload-into-other';
import { textFields } from '../http/fields';
import type { Dossier, Piece } from '../model';
import type { PieceDraft } from '../repositories/pieces';
import { checkedUpload, pieceFields, type CheckedFile, type PieceFields } from '../storage/uploads';

/** Builds the row of a new pièce from what was checked (and, for the flaw, from the raw body). */
export type DraftBuilder = (dossier: Dossier, fields: PieceFields, file: CheckedFile, body: Record<string, string>) => PieceDraft;

/** The dossier is the one in the URL, the one the guard checked; nothing in the body can change it. */
const secureDraft: DraftBuilder = (dossier, fields, file) => ({
  dossierId: dossier.id,
  type: fields.type,
  titre: fields.titre,
  nomFichier: file.nomFichier,
  mime: file.mime,
  taille: file.taille,
  sha256: file.sha256,
});

export interface Uploader {
  /** Who may open the upload form and post to it. */
  guard: DossierGuard;
  /** Checks the guard, the fields and the file, then stores the pièce (row and file, or neither). */
  accept(request: FastifyRequest, dossierId: string): Promise<Piece>;
}

/** The one upload path behind the form and the API. */
export function createUploader(ctx: PortalContext): Uploader {
  const guard = variant(ctx.flaws, writeGuard(ctx.access), { 'upload-into-other': uploadIntoOtherGuard });
  const draftOf = variant(ctx.flaws, secureDraft, { 'mass-assignment': massAssignmentDraft(secureDraft) });
  return {
    guard,
    async accept(request, dossierId) {
      const dossier = ctx.load.dossier(request, dossierId, guard);
      const fields = pieceFields(request.body);
      const file = await checkedUpload(request, ctx.maxUploadBytes);
      return ctx.pieceStore.add(draftOf(dossier, fields, file, textFields(request.body)), file.bytes);
    },
  };
}
