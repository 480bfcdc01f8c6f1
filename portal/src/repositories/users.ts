import type { Db } from '../db';
import type { Account, Role } from '../model';

export interface NewUser {
  role: Role;
  email: string;
  passwordHash: string;
  prenom: string;
  nom: string;
  dateNaissance?: string | null;
  nir?: string | null;
  adresse?: string | null;
  mdphCode?: string | null;
  representeId?: number | null;
}

export function usersRepository(db: Db) {
  const byId = db.prepare<[number], Account>('SELECT * FROM users WHERE id = ?');
  const byEmail = db.prepare<[string], Account>('SELECT * FROM users WHERE email = ?');
  const insert = db.prepare<Required<NewUser>>(
    `INSERT INTO users (role, email, password_hash, prenom, nom, date_naissance, nir, adresse, mdph_code, represente_id)
     VALUES (@role, @email, @passwordHash, @prenom, @nom, @dateNaissance, @nir, @adresse, @mdphCode, @representeId)`,
  );
  const representing = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM users WHERE represente_id = ?');
  const remove = db.prepare<[number]>('DELETE FROM users WHERE id = ?');
  const setPassword = db.prepare<[string, number]>('UPDATE users SET password_hash = ? WHERE id = ?');
  const disable = db.prepare<[number]>('UPDATE users SET desactive = 1 WHERE id = ?');
  const revokeRole = db.prepare<[number]>('UPDATE users SET role = NULL WHERE id = ?');
  return {
    setPasswordHash: (id: number, hash: string): void => void setPassword.run(hash, id),
    disable: (id: number): void => void disable.run(id),
    revokeRole: (id: number): void => void revokeRole.run(id),
    countRepresenting: (id: number): number => representing.get(id)?.n ?? 0,
    /** Sessions go with the user (ON DELETE CASCADE): a removed account leaves no live cookie. */
    remove: (id: number): void => void remove.run(id),
    findById: (id: number): Account | undefined => byId.get(id),
    findByEmail: (email: string): Account | undefined => byEmail.get(email),
    create(user: NewUser): number {
      const result = insert.run({
        dateNaissance: null,
        nir: null,
        adresse: null,
        mdphCode: null,
        representeId: null,
        ...user,
      });
      return Number(result.lastInsertRowid);
    },
  };
}
