import type { Db } from '../db';

export function refreshTokensRepository(db: Db) {
  const insert = db.prepare<[string, number, number]>('INSERT INTO refresh_tokens (token, user_id, created_at) VALUES (?, ?, ?)');
  const find = db.prepare<[string, number], { user_id: number }>('SELECT user_id FROM refresh_tokens WHERE token = ? AND created_at > ?');
  const remove = db.prepare<[string]>('DELETE FROM refresh_tokens WHERE token = ?');
  const removeByUser = db.prepare<[number]>('DELETE FROM refresh_tokens WHERE user_id = ?');
  return {
    create: (token: string, userId: number): void => void insert.run(token, userId, Date.now()),
    /** The user of a token created after `notBefore` (older ones have expired). */
    userOf: (token: string, notBefore: number): number | undefined => find.get(token, notBefore)?.user_id,
    remove: (token: string): void => void remove.run(token),
    removeByUser: (userId: number): void => void removeByUser.run(userId),
  };
}
