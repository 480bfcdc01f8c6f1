import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mdph (
  code TEXT PRIMARY KEY,
  nom  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  -- NULL once an administrator revoked the role: the account and its dossiers stay, no session acts as it.
  role           TEXT CHECK (role IN ('usager', 'representant', 'agent', 'admin')),
  email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash  TEXT NOT NULL,
  prenom         TEXT NOT NULL,
  nom            TEXT NOT NULL,
  date_naissance TEXT,
  nir            TEXT,
  adresse        TEXT,
  mdph_code      TEXT REFERENCES mdph(code),
  represente_id  INTEGER REFERENCES users(id),
  desactive      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS dossiers (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  numero     TEXT NOT NULL UNIQUE,
  usager_id  INTEGER NOT NULL REFERENCES users(id),
  mdph_code  TEXT NOT NULL REFERENCES mdph(code),
  statut     TEXT NOT NULL DEFAULT 'en_cours'
             CHECK (statut IN ('en_cours', 'emise', 'recevable', 'en_attente_usager', 'irrecevable', 'decision')),
  demandes   TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dossiers_usager ON dossiers(usager_id);
CREATE INDEX IF NOT EXISTS dossiers_mdph ON dossiers(mdph_code);
CREATE TABLE IF NOT EXISTS pieces (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
  type        TEXT NOT NULL,
  titre       TEXT NOT NULL,
  nom_fichier TEXT NOT NULL,
  stored_name TEXT NOT NULL,
  mime        TEXT NOT NULL,
  taille      INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  etat        TEXT NOT NULL DEFAULT 'recue' CHECK (etat IN ('recue', 'validee', 'refusee')),
  deposee_le  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pieces_dossier ON pieces(dossier_id, stored_name);
CREATE TABLE IF NOT EXISTS sessions (
  id         TEXT PRIMARY KEY,
  user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
-- A refresh token renews a session ("rester connecté"); it is spent when used, a new one given back.
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token      TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
-- No foreign key to sessions on purpose: the secure path joins the creating session at every use,
-- so a link dies with the session that made it (logout) without a cascade to forget.
CREATE TABLE IF NOT EXISTS share_links (
  token              TEXT PRIMARY KEY,
  piece_id           INTEGER NOT NULL REFERENCES pieces(id) ON DELETE CASCADE,
  created_by_session TEXT NOT NULL,
  expires_at         INTEGER NOT NULL,
  revoked            INTEGER NOT NULL DEFAULT 0
);
`;

const MDPH_SEED: readonly (readonly [string, string])[] = [
  ['075', 'MDPH de Paris'],
  ['013', 'MDPH des Bouches-du-Rhône'],
  ['2A', 'MDPH de Corse-du-Sud'],
  ['069', 'MDPH du Rhône'],
];

export function openDatabase(path: string): Db {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  const seed = db.prepare('INSERT OR IGNORE INTO mdph (code, nom) VALUES (?, ?)');
  for (const [code, nom] of MDPH_SEED) seed.run(code, nom);
  return db;
}
