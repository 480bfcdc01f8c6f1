import Database from 'better-sqlite3';

export type MemberKind = 'citizen' | 'proxy' | 'clerk';

export interface Member {
  id: string;
  kind: MemberKind;
  email: string;
  givenName: string;
  familyName: string;
  office: string;
  secretHash: string;
  /** The citizen a proxy acts for. */
  actsFor: string | null;
}

export interface CaseRow {
  ref: string;
  holderId: string;
  office: string;
  state: string;
  openedAt: string;
}

export interface FileRow {
  id: string;
  caseRef: string;
  label: string;
  kind: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS members (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('citizen', 'proxy', 'clerk')),
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  office TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  acts_for TEXT REFERENCES members(id)
);
CREATE TABLE IF NOT EXISTS cases (
  ref TEXT PRIMARY KEY,
  holder_id TEXT NOT NULL UNIQUE REFERENCES members(id),
  office TEXT NOT NULL,
  state TEXT NOT NULL,
  opened_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
  id TEXT PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(ref),
  label TEXT NOT NULL,
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  body BLOB NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS links (
  token TEXT PRIMARY KEY,
  file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  creator_token_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members(id),
  expires_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
`;

const MEMBER_COLUMNS = `id, kind, email, given_name AS givenName, family_name AS familyName, office, secret_hash AS secretHash, acts_for AS actsFor`;
const CASE_COLUMNS = `ref, holder_id AS holderId, office, state, opened_at AS openedAt`;
const fileColumns = (table = 'files'): string =>
  `${table}.id, ${table}.case_ref AS caseRef, ${table}.label, ${table}.kind, ${table}.file_name AS fileName, ${table}.mime, ${table}.size, ${table}.sha256, ${table}.uploaded_at AS uploadedAt`;

/** Which cases a member's role lets it see, as one SQL condition on `cases` (bound to the member). */
const VISIBLE_CASES = `(
  (@kind = 'citizen' AND cases.holder_id = @id) OR
  (@kind = 'proxy' AND cases.holder_id = @actsFor) OR
  (@kind = 'clerk' AND cases.office = @office)
)`;

/** guichet's whole storage: members, cases, files (bytes kept in the database) and bearer tokens. */
export class Store {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  insertMember(member: Member): void {
    this.db
      .prepare(`INSERT INTO members (id, kind, email, given_name, family_name, office, secret_hash, acts_for)
        VALUES (@id, @kind, @email, @givenName, @familyName, @office, @secretHash, @actsFor)`)
      .run(member);
  }

  memberById(id: string): Member | undefined {
    return this.db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`).get(id) as Member | undefined;
  }

  memberByEmail(email: string): Member | undefined {
    return this.db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE email = ?`).get(email) as Member | undefined;
  }

  insertCase(row: CaseRow): void {
    this.db.prepare(`INSERT INTO cases (ref, holder_id, office, state, opened_at) VALUES (@ref, @holderId, @office, @state, @openedAt)`).run(row);
  }

  caseByRef(ref: string): CaseRow | undefined {
    return this.db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE ref = ?`).get(ref) as CaseRow | undefined;
  }

  caseOfHolder(holderId: string): CaseRow | undefined {
    return this.db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE holder_id = ?`).get(holderId) as CaseRow | undefined;
  }

  visibleCases(member: Member): CaseRow[] {
    return this.db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE ${VISIBLE_CASES} ORDER BY opened_at, ref`).all(bind(member)) as CaseRow[];
  }

  insertFile(row: FileRow, body: Buffer): void {
    this.db
      .prepare(`INSERT INTO files (id, case_ref, label, kind, file_name, mime, size, sha256, body, uploaded_at)
        VALUES (@id, @caseRef, @label, @kind, @fileName, @mime, @size, @sha256, @body, @uploadedAt)`)
      .run({ ...row, body });
  }

  fileById(id: string): FileRow | undefined {
    return this.db.prepare(`SELECT ${fileColumns()} FROM files WHERE id = ?`).get(id) as FileRow | undefined;
  }

  fileBody(id: string): Buffer | undefined {
    const row = this.db.prepare(`SELECT body FROM files WHERE id = ?`).get(id) as { body: Buffer } | undefined;
    return row?.body;
  }

  filesOfCase(caseRef: string): FileRow[] {
    return this.db.prepare(`SELECT ${fileColumns()} FROM files WHERE case_ref = ? ORDER BY uploaded_at, id`).all(caseRef) as FileRow[];
  }

  /** Files of every case the member may see, optionally narrowed to labels containing `term`. */
  visibleFiles(member: Member, term?: string): FileRow[] {
    const filter = term === undefined ? '' : `AND instr(lower(files.label), lower(@term)) > 0`;
    return this.db
      .prepare(`SELECT ${fileColumns()} FROM files JOIN cases ON cases.ref = files.case_ref
        WHERE ${VISIBLE_CASES} ${filter} ORDER BY files.uploaded_at, files.id`)
      .all({ ...bind(member), term: term ?? '' }) as FileRow[];
  }

  /** A window over every file of every case, newest first, whoever asks (the desk's feed; used only by a flaw). */
  anyFiles(limit: number, offset: number): FileRow[] {
    return this.db.prepare(`SELECT ${fileColumns()} FROM files ORDER BY files.uploaded_at DESC, files.id DESC LIMIT ? OFFSET ?`).all(limit, offset) as FileRow[];
  }

  /** Every file of one holder's case, whoever asks (used only by a flaw). */
  filesOfHolder(holderId: string): FileRow[] {
    const row = this.caseOfHolder(holderId);
    return row ? this.filesOfCase(row.ref) : [];
  }

  insertToken(hash: string, memberId: string, expiresAt: number): void {
    this.db.prepare(`INSERT INTO tokens (hash, member_id, expires_at) VALUES (?, ?, ?)`).run(hash, memberId, expiresAt);
  }

  liveToken(hash: string, now: number): { memberId: string } | undefined {
    return this.db.prepare(`SELECT member_id AS memberId FROM tokens WHERE hash = ? AND revoked = 0 AND expires_at > ?`).get(hash, now) as
      | { memberId: string }
      | undefined;
  }

  revokeToken(hash: string): void {
    this.db.prepare(`UPDATE tokens SET revoked = 1 WHERE hash = ?`).run(hash);
  }

  /** Every token of a member, on every device. */
  revokeTokensOf(memberId: string): void {
    this.db.prepare(`UPDATE tokens SET revoked = 1 WHERE member_id = ?`).run(memberId);
  }

  setSecretHash(memberId: string, hash: string): void {
    this.db.prepare(`UPDATE members SET secret_hash = ? WHERE id = ?`).run(hash, memberId);
  }

  renameFile(id: string, label: string): void {
    this.db.prepare(`UPDATE files SET label = ? WHERE id = ?`).run(label, id);
  }

  /** Content deduplication: the file takes the bytes (and their size and type) stored under a digest, whichever file holds them. */
  relinkContent(id: string, sha256: string): boolean {
    const source = this.db.prepare(`SELECT mime, size, body FROM files WHERE sha256 = ? AND id <> ? LIMIT 1`).get(sha256, id) as { mime: string; size: number; body: Buffer } | undefined;
    if (!source) return false;
    this.db.prepare(`UPDATE files SET mime = ?, size = ?, body = ?, sha256 = ? WHERE id = ?`).run(source.mime, source.size, source.body, sha256, id);
    return true;
  }

  deleteFile(id: string): void {
    this.db.prepare(`DELETE FROM files WHERE id = ?`).run(id);
  }

  insertLink(token: string, fileId: string, creatorTokenHash: string): void {
    this.db.prepare(`INSERT INTO links (token, file_id, creator_token_hash) VALUES (?, ?, ?)`).run(token, fileId, creatorTokenHash);
  }

  /** The file behind a link whose creating session is still live: a link dies with that session. */
  linkedFile(token: string, now: number): FileRow | undefined {
    return this.db
      .prepare(`SELECT ${fileColumns()} FROM links JOIN files ON files.id = links.file_id
        JOIN tokens ON tokens.hash = links.creator_token_hash
        WHERE links.token = ? AND tokens.revoked = 0 AND tokens.expires_at > ?`)
      .get(token, now) as FileRow | undefined;
  }
}

function bind(member: Member): Record<string, string | null> {
  return { kind: member.kind, id: member.id, actsFor: member.actsFor, office: member.office };
}
