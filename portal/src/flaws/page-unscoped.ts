import type { Db } from '../db';
import type { Piece } from '../model';
import type { PiecePager } from '../routes/api-pieces';

/**
 * FLAW page-unscoped (CWE-639, CWE-863): pagination that drops the owner filter after page 1.
 * The first page comes from the caller's scoped list; the "next pages" query was borrowed from the
 * agent back office's paginator, which pages over the whole table.
 */
export function pageUnscopedPager(db: Db, secure: PiecePager): PiecePager {
  const nextPages = db.prepare<[number, number], Piece>('SELECT * FROM pieces ORDER BY id LIMIT ? OFFSET ?');
  return (user, filters, page) => {
    if (page === null || page.number <= 1) return secure(user, filters, page);
    return nextPages.all(page.size, (page.number - 1) * page.size);
  };
}
