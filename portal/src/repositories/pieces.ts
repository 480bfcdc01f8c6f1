import type { Db } from '../db';
import type { Piece, PieceEtat, PieceType } from '../model';
import type { ReadScope } from './scope';

export interface PieceDraft {
  dossierId: number;
  type: PieceType;
  titre: string;
  nomFichier: string;
  mime: string;
  taille: number;
  sha256: string;
}

export interface PieceFilters {
  dossierId: number | null;
  usagerId: number | null;
}

export interface NewContent {
  mime: string;
  taille: number;
  sha256: string;
}

const SCOPED = `FROM pieces p JOIN dossiers d ON d.id = p.dossier_id
  WHERE (d.usager_id = @self OR d.usager_id = @represented OR d.mdph_code = @agentMdph)`;

export function piecesRepository(db: Db) {
  const byId = db.prepare<[number], Piece>('SELECT * FROM pieces WHERE id = ?');
  const byDossier = db.prepare<[number], Piece>('SELECT * FROM pieces WHERE dossier_id = ? ORDER BY id');
  const byStoredName = db.prepare<[number, string], Piece>('SELECT * FROM pieces WHERE dossier_id = ? AND stored_name = ?');
  // Filters only ever narrow the caller's scope: they are ANDed to it, never substituted for it.
  const readable = db.prepare<ReadScope & PieceFilters, Piece>(
    `SELECT p.* ${SCOPED}
       AND (@dossierId IS NULL OR d.id = @dossierId)
       AND (@usagerId IS NULL OR d.usager_id = @usagerId)
     ORDER BY p.id`,
  );
  const search = db.prepare<ReadScope & { q: string }, Piece>(
    `SELECT p.* ${SCOPED}
       AND (instr(lower(p.titre), lower(@q)) > 0 OR instr(lower(p.nom_fichier), lower(@q)) > 0)
     ORDER BY p.id`,
  );
  const insert = db.prepare<PieceDraft & { deposeeLe: string }>(
    `INSERT INTO pieces (dossier_id, type, titre, nom_fichier, stored_name, mime, taille, sha256, deposee_le)
     VALUES (@dossierId, @type, @titre, @nomFichier, '', @mime, @taille, @sha256, @deposeeLe)`,
  );
  const setStoredName = db.prepare<[string, number]>('UPDATE pieces SET stored_name = ? WHERE id = ?');
  const rename = db.prepare<[string, number]>('UPDATE pieces SET titre = ? WHERE id = ?');
  const replace = db.prepare<NewContent & { id: number; deposeeLe: string }>(
    `UPDATE pieces SET mime = @mime, taille = @taille, sha256 = @sha256, deposee_le = @deposeeLe, etat = 'recue'
     WHERE id = @id`,
  );
  const setEtat = db.prepare<[PieceEtat, number]>('UPDATE pieces SET etat = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM pieces WHERE id = ?');

  return {
    findById: (id: number): Piece | undefined => byId.get(id),
    findByStoredName: (dossierId: number, storedName: string): Piece | undefined => byStoredName.get(dossierId, storedName),
    listByDossier: (dossierId: number): Piece[] => byDossier.all(dossierId),
    listReadable: (scope: ReadScope, filters: PieceFilters): Piece[] => readable.all({ ...scope, ...filters }),
    search: (scope: ReadScope, q: string): Piece[] => search.all({ ...scope, q }),
    /** Inserts the row and names its file `<id>-<file name>`; call inside a transaction. */
    insert(draft: PieceDraft, storedNameFor: (id: number) => string): Piece {
      const id = Number(insert.run({ ...draft, deposeeLe: new Date().toISOString() }).lastInsertRowid);
      setStoredName.run(storedNameFor(id), id);
      const piece = byId.get(id);
      if (!piece) throw new Error(`pièce ${id} vanished inside its own transaction`);
      return piece;
    },
    rename: (id: number, titre: string): void => void rename.run(titre, id),
    replaceContent: (id: number, content: NewContent): void =>
      void replace.run({ ...content, id, deposeeLe: new Date().toISOString() }),
    setEtat: (id: number, etat: PieceEtat): void => void setEtat.run(etat, id),
    remove: (id: number): void => void remove.run(id),
  };
}
