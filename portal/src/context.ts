import type { AfterPasswordChange, DisableAccount, RevokeRole, SpendRefreshToken } from './auth/account-lifecycle';
import type { ApiTokens } from './auth/api-tokens';
import type { AccessPolicy } from './access';
import type { SessionService } from './auth/sessions';
import type { Db } from './db';
import type { FlawId } from './flaws/catalog';
import type { Repositories } from './repositories';
import type { Loaders } from './http/loaders';
import type { AuditLog } from './storage/audit';
import type { FileStore } from './storage/files';
import type { PieceStore } from './storage/piece-store';

/** What every route plugin receives: built once by buildApp, flaws already decided. */
export interface PortalContext {
  db: Db;
  repos: Repositories;
  files: FileStore;
  pieceStore: PieceStore;
  audit: AuditLog;
  sessions: SessionService;
  apiTokens: ApiTokens;
  /** What a password change, a disabled account, a revoked role and a refresh do to sessions (flaws decided). */
  lifecycle: { afterPasswordChange: AfterPasswordChange; disableAccount: DisableAccount; revokeRole: RevokeRole; spendRefreshToken: SpendRefreshToken };
  load: Loaders;
  access: AccessPolicy;
  flaws: ReadonlySet<FlawId>;
  maxUploadBytes: number;
  provisioningToken: string | undefined;
}
