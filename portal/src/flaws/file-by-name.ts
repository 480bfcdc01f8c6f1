import type { Db } from '../db';
import type { Piece } from '../model';
import type { DossierFileResolver } from '../routes/dossier-pages';
import type { FileStore } from '../storage/files';

/**
 * FLAW file-by-name (CWE-639), the other half of the 2018 national beta's file route: the
 * dossier in the URL is checked, then the file is looked up by its stored name alone, "stored
 * names are unique anyway". My dossier in the URL, another dossier's stored name: its file.
 */
export function fileByNameResolver(db: Db, files: FileStore): DossierFileResolver {
  const byName = db.prepare<[string], Piece>('SELECT * FROM pieces WHERE stored_name = ?');
  return (_dossier, fileName) => {
    const piece = byName.get(fileName);
    return piece && { path: files.pathOf(piece.dossier_id, piece.stored_name), mime: piece.mime, name: piece.nom_fichier };
  };
}
