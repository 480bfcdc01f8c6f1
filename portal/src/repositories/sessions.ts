import type { Db } from '../db';
import type { Account, Session } from '../model';

export interface LoadedSession {
  session: Session;
  /** The account as it is now (role revoked or not): the session service decides who the session acts as. */
  user: Account | null;
}

interface SessionUserRow {
  s_id: string;
  s_user_id: number | null;
  s_csrf: string;
  s_created_at: number;
}

export function sessionsRepository(db: Db) {
  const find = db.prepare<[string, number], SessionUserRow & Partial<Account>>(
    `SELECT s.id AS s_id, s.user_id AS s_user_id, s.csrf AS s_csrf, s.created_at AS s_created_at, u.*
     FROM sessions s LEFT JOIN users u ON u.id = s.user_id
     WHERE s.id = ? AND s.created_at > ?`,
  );
  const insert = db.prepare<[string, number | null, string, number]>(
    'INSERT INTO sessions (id, user_id, csrf, created_at) VALUES (?, ?, ?, ?)',
  );
  const setUser = db.prepare<[number, string]>('UPDATE sessions SET user_id = ? WHERE id = ?');
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
  const removeByUser = db.prepare<[number]>('DELETE FROM sessions WHERE user_id = ?');

  return {
    /** The session and its user, unless it was created before `notBefore` (expired). */
    find(id: string, notBefore: number): LoadedSession | undefined {
      const row = find.get(id, notBefore);
      if (!row) return undefined;
      const { s_id, s_user_id, s_csrf, s_created_at, ...user } = row;
      return {
        session: { id: s_id, user_id: s_user_id, csrf: s_csrf, created_at: s_created_at },
        user: s_user_id === null ? null : (user as Account),
      };
    },
    create(id: string, userId: number | null, csrf: string): Session {
      const createdAt = Date.now();
      insert.run(id, userId, csrf, createdAt);
      return { id, user_id: userId, csrf, created_at: createdAt };
    },
    setUser: (id: string, userId: number): void => void setUser.run(userId, id),
    remove: (id: string): void => void remove.run(id),
    /** Every session of a person, wherever it was opened. */
    removeByUser: (userId: number): void => void removeByUser.run(userId),
  };
}
