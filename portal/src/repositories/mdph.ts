import type { Db } from '../db';
import type { Mdph } from '../model';

export function mdphRepository(db: Db) {
  const all = db.prepare<[], Mdph>('SELECT * FROM mdph ORDER BY code');
  const byCode = db.prepare<[string], Mdph>('SELECT * FROM mdph WHERE code = ?');
  const insert = db.prepare<[string, string]>('INSERT INTO mdph (code, nom) VALUES (?, ?)');
  return {
    list: (): Mdph[] => all.all(),
    find: (code: string): Mdph | undefined => byCode.get(code),
    create: (code: string, nom: string): void => void insert.run(code, nom),
  };
}
