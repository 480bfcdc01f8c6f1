import type { Db } from '../db';
import type { ShareLink } from '../model';

export function shareLinksRepository(db: Db) {
  const insert = db.prepare<[string, number, string, number]>(
    'INSERT INTO share_links (token, piece_id, created_by_session, expires_at) VALUES (?, ?, ?, ?)',
  );
  const byToken = db.prepare<[string], ShareLink>('SELECT * FROM share_links WHERE token = ?');
  // A link is only as alive as the session that created it: logout deletes that session.
  const live = db.prepare<[string, number], ShareLink>(
    `SELECT l.* FROM share_links l JOIN sessions s ON s.id = l.created_by_session
     WHERE l.token = ? AND l.revoked = 0 AND l.expires_at > ?`,
  );
  const revoke = db.prepare<[string]>('UPDATE share_links SET revoked = 1 WHERE token = ?');
  return {
    create: (token: string, pieceId: number, sessionId: string, expiresAt: number): void =>
      void insert.run(token, pieceId, sessionId, expiresAt),
    find: (token: string): ShareLink | undefined => byToken.get(token),
    findLive: (token: string, now: number): ShareLink | undefined => live.get(token, now),
    revoke: (token: string): void => void revoke.run(token),
  };
}
