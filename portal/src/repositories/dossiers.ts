import type { Db } from '../db';
import type { Dossier, User } from '../model';
import type { ReadScope } from './scope';

export type DossierWithUsager = Dossier & Pick<User, 'prenom' | 'nom' | 'email' | 'date_naissance' | 'nir' | 'adresse'>;

/** `DDD-YYYY-NNNNNN`: département code padded to three (`2A` → `02A`), year, dossier id. */
export function dossierNumero(mdphCode: string, year: number, id: number): string {
  return `${mdphCode.padStart(3, '0')}-${year}-${String(id).padStart(6, '0')}`;
}

export function dossiersRepository(db: Db) {
  const byId = db.prepare<[number], Dossier>('SELECT * FROM dossiers WHERE id = ?');
  const readable = db.prepare<ReadScope, Dossier>(
    `SELECT * FROM dossiers
     WHERE usager_id = @self OR usager_id = @represented OR mdph_code = @agentMdph
     ORDER BY id`,
  );
  const withUsagerByMdph = db.prepare<[string], DossierWithUsager>(
    `SELECT d.*, u.prenom, u.nom, u.email, u.date_naissance, u.nir, u.adresse
     FROM dossiers d JOIN users u ON u.id = d.usager_id
     WHERE d.mdph_code = ? ORDER BY d.id`,
  );
  const withUsagerById = db.prepare<[number], DossierWithUsager>(
    `SELECT d.*, u.prenom, u.nom, u.email, u.date_naissance, u.nir, u.adresse
     FROM dossiers d JOIN users u ON u.id = d.usager_id WHERE d.id = ?`,
  );
  const insert = db.prepare<[string, number, string, string, string]>(
    'INSERT INTO dossiers (numero, usager_id, mdph_code, demandes, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const setNumero = db.prepare<[string, number]>('UPDATE dossiers SET numero = ? WHERE id = ?');
  const byUsager = db.prepare<[number], Dossier>('SELECT * FROM dossiers WHERE usager_id = ? ORDER BY id');
  const remove = db.prepare<[number]>('DELETE FROM dossiers WHERE id = ?');
  // The numéro embeds the id, which only the insert knows: both statements commit together.
  const create = db.transaction((usagerId: number, mdphCode: string, demandes: readonly string[]): Dossier => {
    const now = new Date();
    const placeholder = `pending-${usagerId}-${now.getTime()}-${Math.random()}`;
    const id = Number(insert.run(placeholder, usagerId, mdphCode, JSON.stringify(demandes), now.toISOString()).lastInsertRowid);
    setNumero.run(dossierNumero(mdphCode, now.getFullYear(), id), id);
    const dossier = byId.get(id);
    if (!dossier) throw new Error(`dossier ${id} vanished inside its own transaction`);
    return dossier;
  });
  return {
    findById: (id: number): Dossier | undefined => byId.get(id),
    findWithUsager: (id: number): DossierWithUsager | undefined => withUsagerById.get(id),
    listReadable: (scope: ReadScope): Dossier[] => readable.all(scope),
    listWithUsagerByMdph: (mdphCode: string): DossierWithUsager[] => withUsagerByMdph.all(mdphCode),
    listByUsager: (usagerId: number): Dossier[] => byUsager.all(usagerId),
    create,
    /** The row only: its pièces (rows and files) are removed first, through the pièce store. */
    remove: (id: number): void => void remove.run(id),
  };
}
