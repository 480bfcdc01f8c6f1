import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { secureAccess } from './access';
import { disableAndEndSessions, endEverySession, revokeRoleAndEndSessions, spendOnce } from './auth/account-lifecycle';
import { createApiTokens } from './auth/api-tokens';
import { PUBLIC_ROUTES } from './auth/gate';
import { createSessionService } from './auth/sessions';
import type { PortalContext } from './context';
import { openDatabase } from './db';
import { anonymousDownloadPublicRoutes } from './flaws/anonymous-download';
import type { FlawId } from './flaws/catalog';
import { disableKeepsSessions } from './flaws/disable-keeps-sessions';
import { passwordChangeKeepsSessions } from './flaws/password-change-keeps-sessions';
import { refreshTokenReusable } from './flaws/refresh-token-reusable';
import { documentCacheablePolicy } from './flaws/document-cacheable';
import { representativeOverreachAccess } from './flaws/representative-overreach';
import { revokeKeepsSessions } from './flaws/revoke-keeps-sessions';
import { variant } from './flaws/seam';
import { sharedCache } from './flaws/shared-cache';
import { noStorePolicy } from './http/headers';
import { createLoaders } from './http/loaders';
import { authGateHook, csrfHook, errorPages, headerHooks, routes, sessionHook } from './plugins';
import { createRepositories } from './repositories';
import { agentRoutes } from './routes/agent';
import { apiDossiers } from './routes/api-dossiers';
import { apiPieces } from './routes/api-pieces';
import { apiSession } from './routes/api-session';
import { authPages } from './routes/auth-pages';
import { dossierPages } from './routes/dossier-pages';
import { legacyRoutes } from './routes/legacy';
import { openapiRoutes } from './routes/openapi';
import { provisioningRoutes } from './routes/provisioning';
import { recapitulatifRoutes } from './routes/recapitulatif';
import { shareRoutes } from './routes/share';
import { staticRoutes } from './routes/static';
import { createAuditLog } from './storage/audit';
import { createFileStore } from './storage/files';
import { createPieceStore } from './storage/piece-store';

export interface PortalOptions {
  /** SQLite file, or `:memory:`. */
  dbPath: string;
  /** Folder of uploaded files; created if missing. */
  uploadsDir: string;
  /** Enables the provisioning API; absent or empty = off (404). */
  provisioningToken?: string;
  flaws: ReadonlySet<FlawId>;
  maxUploadBytes?: number;
  /** Lifetime of a share link, in seconds (default DEFAULT_SHARE_TTL_SECONDS). */
  shareTtlSeconds?: number;
  /** Access log of documents; default: `audit.log` beside the database, nowhere for `:memory:`. */
  auditLogPath?: string;
  logger?: boolean;
  /** Told of every route as it is registered (the OpenAPI self-test compares them with the document). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Kept out of the uploads folder, which holds documents only. An in-memory portal keeps no record. */
function defaultAuditLogPath(dbPath: string): string {
  return dbPath === ':memory:' ? os.devNull : path.join(path.dirname(path.resolve(dbPath)), 'audit.log');
}

export async function buildApp(options: PortalOptions): Promise<FastifyInstance> {
  const { flaws } = options;
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const uploadsDir = path.resolve(options.uploadsDir);
  mkdirSync(uploadsDir, { recursive: true });
  if (options.dbPath !== ':memory:') mkdirSync(path.dirname(path.resolve(options.dbPath)), { recursive: true });

  const db = openDatabase(options.dbPath);
  const repos = createRepositories(db);
  const files = createFileStore(uploadsDir);
  const apiTokens = createApiTokens(repos, flaws);
  const ctx: PortalContext = {
    db,
    repos,
    files,
    pieceStore: createPieceStore(db, repos, files),
    audit: createAuditLog(options.auditLogPath ?? defaultAuditLogPath(options.dbPath)),
    sessions: createSessionService(repos, flaws, apiTokens),
    apiTokens,
    lifecycle: {
      afterPasswordChange: variant(flaws, endEverySession, { 'password-change-keeps-sessions': passwordChangeKeepsSessions }),
      disableAccount: variant(flaws, disableAndEndSessions, { 'disable-keeps-sessions': disableKeepsSessions }),
      revokeRole: variant(flaws, revokeRoleAndEndSessions, { 'revoke-keeps-sessions': revokeKeepsSessions }),
      spendRefreshToken: variant(flaws, spendOnce, { 'refresh-token-reusable': refreshTokenReusable }),
    },
    load: createLoaders(repos),
    access: variant(flaws, secureAccess, { 'representative-overreach': representativeOverreachAccess }),
    flaws,
    maxUploadBytes,
    provisioningToken: options.provisioningToken || undefined,
  };

  const app = Fastify({ logger: options.logger ?? false });
  const { onRoute } = options;
  if (onRoute) app.addHook('onRoute', (route) => onRoute(route));
  app.addHook('onClose', (_instance, done) => {
    db.close();
    done();
  });

  await app.register(cookie);
  await app.register(formbody);
  // Whole-body parsing before the handler, so the CSRF check sees `_csrf` of multipart forms;
  // the size limit makes an oversized file a 413 while it streams in, before anything is written.
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: maxUploadBytes, files: 1, fields: 20, fieldSize: 10_000 } });

  // Each plugin names what must load before it (plugins.ts): a wrong order fails here, at start.
  await app.register(errorPages);
  await app.register(headerHooks, { cachePolicy: variant(flaws, noStorePolicy, { 'document-cacheable': documentCacheablePolicy }) });
  if (flaws.has('shared-cache')) await app.register(sharedCache);
  await app.register(sessionHook, { sessions: ctx.sessions });
  await app.register(authGateHook, { publicRoutes: variant(flaws, PUBLIC_ROUTES, { 'anonymous-download': anonymousDownloadPublicRoutes }) });
  await app.register(csrfHook);

  await app.register(routes('static', staticRoutes));
  await app.register(routes('openapi', openapiRoutes));
  await app.register(routes('auth-pages', (scope) => authPages(scope, ctx)));
  await app.register(routes('dossier-pages', (scope) => dossierPages(scope, ctx)));
  await app.register(routes('share', (scope) => shareRoutes(scope, ctx, options.shareTtlSeconds)));
  await app.register(routes('api-session', (scope) => apiSession(scope, ctx)));
  await app.register(routes('api-dossiers', (scope) => apiDossiers(scope, ctx)));
  await app.register(routes('api-pieces', (scope) => apiPieces(scope, ctx)));
  await app.register(routes('recapitulatif', (scope) => recapitulatifRoutes(scope, ctx)));
  await app.register(routes('legacy', (scope) => legacyRoutes(scope, ctx)));
  await app.register(routes('agent', (scope) => agentRoutes(scope, ctx)));
  const token = ctx.provisioningToken;
  if (token) await app.register(routes('provisioning', (scope) => provisioningRoutes(scope, { ...ctx, provisioningToken: token })));
  return app;
}
