import type { PortalContext } from '../context';
import type { Piece } from '../model';
import type { PieceUpdate } from '../routes/api-pieces';
import type { CheckedFile } from '../storage/uploads';

/**
 * FLAW storage-key-update (CWE-915, CWE-639): the pièce editor sends the whole pièce back on save,
 * and the update keeps its `storedName` to support "reuse a file already sent": when the key
 * names another stored file, that file's bytes are attached to the pièce being edited. The pièce
 * in the URL is checked; the stored file the body names is looked up across every dossier and
 * never checked, so the caller's own pièce now serves someone else's document.
 */
export function storageKeyUpdate(ctx: PortalContext, secure: PieceUpdate): PieceUpdate {
  const byStoredName = ctx.db.prepare<[string], Piece>('SELECT * FROM pieces WHERE stored_name = ?');
  return async (piece, titre, body) => {
    const updated = await secure(piece, titre, body);
    const key = body.storedName;
    const source = typeof key === 'string' && key !== piece.stored_name ? byStoredName.get(key) : undefined;
    if (!source) return updated;
    const bytes = await ctx.files.read(source.dossier_id, source.stored_name);
    await ctx.pieceStore.replace(piece, { nomFichier: piece.nom_fichier, mime: source.mime as CheckedFile['mime'], bytes, taille: source.taille, sha256: source.sha256 });
    return ctx.repos.pieces.findById(piece.id) ?? updated;
  };
}
