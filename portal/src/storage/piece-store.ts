import type { Db } from '../db';
import type { Piece } from '../model';
import type { Repositories } from '../repositories';
import type { PieceDraft } from '../repositories/pieces';
import type { FileStore } from './files';
import { storedFileName, type CheckedFile } from './uploads';

/**
 * A pièce is its row and its file, both or neither: the file is staged under a temporary name,
 * then the row is written and the file renamed inside one transaction; any failure removes the
 * staged file and rolls the row back.
 */
export function createPieceStore(db: Db, repos: Repositories, files: FileStore) {
  async function staged<T>(dossierId: number, bytes: Uint8Array, commit: (temp: string) => T): Promise<T> {
    const temp = await files.stage(dossierId, bytes);
    try {
      return db.transaction(() => commit(temp))();
    } catch (error) {
      await files.discard(temp);
      throw error;
    }
  }

  return {
    add: (draft: PieceDraft, bytes: Uint8Array): Promise<Piece> =>
      staged(draft.dossierId, bytes, (temp) => {
        const piece = repos.pieces.insert(draft, (id) => `${id}-${storedFileName(draft.nomFichier)}`);
        files.commit(temp, files.pathOf(piece.dossier_id, piece.stored_name));
        return piece;
      }),
    replace: (piece: Piece, file: CheckedFile): Promise<void> =>
      staged(piece.dossier_id, file.bytes, (temp) => {
        repos.pieces.replaceContent(piece.id, { mime: file.mime, taille: file.taille, sha256: file.sha256 });
        files.commit(temp, files.pathOf(piece.dossier_id, piece.stored_name));
      }),
    /** The row first: a row without its file would be a broken promise, a file without a row is unreachable. */
    async remove(piece: Piece): Promise<void> {
      repos.pieces.remove(piece.id);
      await files.remove(piece.dossier_id, piece.stored_name);
    },
  };
}

export type PieceStore = ReturnType<typeof createPieceStore>;
