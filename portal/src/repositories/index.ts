import type { Db } from '../db';
import { dossiersRepository } from './dossiers';
import { mdphRepository } from './mdph';
import { piecesRepository } from './pieces';
import { refreshTokensRepository } from './refresh-tokens';
import { sessionsRepository } from './sessions';
import { shareLinksRepository } from './share-links';
import { usersRepository } from './users';

export function createRepositories(db: Db) {
  return {
    mdph: mdphRepository(db),
    users: usersRepository(db),
    dossiers: dossiersRepository(db),
    pieces: piecesRepository(db),
    sessions: sessionsRepository(db),
    refreshTokens: refreshTokensRepository(db),
    shareLinks: shareLinksRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
