import type { Db } from './db';
import { HttpError } from './http/errors';
import type { Dossier } from './model';
import type { Repositories } from './repositories';
import type { NewUser } from './repositories/users';

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Creates a user; an e-mail already taken is a 409, whichever request won the race. */
export function createUser(repos: Repositories, user: NewUser): number {
  try {
    return repos.users.create(user);
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpError(409, 'Un compte existe déjà pour cette adresse.');
    throw error;
  }
}

/** A usager always comes with their first dossier, `en_cours`, in their MDPH. */
export function registerUsager(db: Db, repos: Repositories, user: NewUser & { mdphCode: string }, demandes: readonly string[] = []) {
  return db.transaction((): { userId: number; dossier: Dossier } => {
    const userId = createUser(repos, { ...user, role: 'usager' });
    return { userId, dossier: repos.dossiers.create(userId, user.mdphCode, demandes) };
  })();
}
