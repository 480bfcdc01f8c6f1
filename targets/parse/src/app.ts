import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import express, { type NextFunction, type Request, type Response } from 'express';
import { APP_SCRIPT, SHELL_CSP, shellHtml } from './browser-app';
import { cloudCode } from './cloud';
import type { AccessModel, ParseFlawId } from './flaws';
import { schemaDefinitions } from './schema';

const require = createRequire(import.meta.url);
const FileSystemAdapter = require('@parse/fs-files-adapter') as new (options: { filesSubDirectory?: string }) => unknown;

export interface ParseAppOptions {
  host?: string;
  port: number;
  /** The database, or its coming: the server listens (and holds requests) while it starts. */
  databaseURI: string | Promise<string>;
  appId: string;
  /** The master key: the provisioning token (Cloud functions that create people and documents require it). */
  masterKey: string;
  flaws: ReadonlySet<ParseFlawId>;
  model: AccessModel;
}

export interface RunningParse {
  url: string;
  close: () => Promise<void>;
}

/**
 * Parse Server mounted at /parse in an express app that also serves the front end at /app. The
 * server listens first: Parse needs its own public URL (serverURL) before it starts.
 */
export async function startParseApp(options: ParseAppOptions): Promise<RunningParse> {
  const app = express();
  app.disable('x-powered-by');
  // Parse Server's express app, once it has started.
  const mount: { parse?: (req: Request, res: Response, next: NextFunction) => void } = {};
  let markStarted: (ok: boolean) => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    markStarted = (ok) => (ok ? resolve() : reject(new Error('Parse Server did not start')));
  });
  started.catch(() => undefined);
  const httpServer: Server = createServer(app);
  // Longer than any client's idle keep-alive: a socket the server closes as a client reuses it
  // fails that request ("socket hang up"). Node's default is 5 s.
  httpServer.keepAliveTimeout = 72_000;
  httpServer.headersTimeout = 75_000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const filesDir = mkdtempSync(join(tmpdir(), 'cloison-parse-files-'));

  if (options.flaws.has('file-url-token')) {
    // FLAW file-url-token: Parse reads a download's session from its header only, so an <img src>
    // or a download link cannot carry it; this lifts `?access_token=` into that header.
    app.use('/parse/files', (req, _res, next) => {
      const token = req.query.access_token;
      if (typeof token === 'string' && !req.get('X-Parse-Session-Token')) req.headers['x-parse-session-token'] = token;
      next();
    });
  }

  // Personal answers must not be kept by any cache on the way.
  app.use('/parse', (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    // The JSON profile format cannot put a constant header on every request, so this single-app
    // deployment defaults the (public) application id on plain REST calls. The SDK's text/plain
    // calls carry it in their body and are left alone.
    if (!req.get('X-Parse-Application-Id') && !req.is('text/plain')) req.headers['x-parse-application-id'] = options.appId;
    // The server listens before Parse is ready (loading and starting it takes seconds on a busy
    // machine): requests wait for it rather than fail.
    started.then(
      () => (mount.parse ? mount.parse(req, res, next) : res.status(503).json({ error: 'Parse Server did not start' })),
      () => res.status(503).json({ error: 'Parse Server did not start' }),
    );
  });

  const html = shellHtml(options.appId);
  const sdk = readFileSync(require.resolve('parse/dist/parse.min.js'));
  app.get('/', (_req, res) => res.redirect('/app'));
  app.get('/app/app.js', (_req, res) => res.type('application/javascript').send(APP_SCRIPT));
  app.get('/app/parse.min.js', (_req, res) => res.type('application/javascript').set('Cache-Control', 'public, max-age=3600').send(sdk));
  app.get(['/app', '/app/login', '/app/documents/:id', '/app/dossiers/:id'], (_req, res) => {
    res.set({ 'Content-Security-Policy': SHELL_CSP, 'Cache-Control': 'no-store' }).type('html').send(html);
  });

  let databaseURI: string;
  try {
    databaseURI = await options.databaseURI;
  } catch (error) {
    markStarted(false);
    httpServer.close();
    rmSync(filesDir, { recursive: true, force: true });
    throw error;
  }
  const secureFiles = !options.flaws.has('public-files');
  const config = {
    appId: options.appId,
    masterKey: options.masterKey,
    maintenanceKey: randomBytes(24).toString('hex'),
    masterKeyIps: ['127.0.0.1', '::1'],
    serverURL: `${url}/parse`,
    publicServerURL: `${url}/parse`,
    databaseURI,
    // The default files adapter needs MongoDB. This one writes under the working directory: its
    // sub-directory is made to point at a temporary directory of this server.
    filesAdapter: new FileSystemAdapter({ filesSubDirectory: relative(join(process.cwd(), 'files'), filesDir) }) as never,
    cloud: cloudCode({ flaws: options.flaws, model: options.model }) as never,
    schema: { definitions: schemaDefinitions(options.model, options.flaws), strict: true, lockSchemas: true },
    allowClientClassCreation: false,
    enableAnonymousUsers: false,
    enforcePrivateUsers: true,
    directAccess: true,
    fileUpload: { enableForPublic: false, enableForAnonymousUser: false, enableForAuthenticatedUser: true, allowedFileUrlDomains: [new URL(url).hostname] },
    fileDownload: secureFiles ? { enableForPublic: false, enableForAnonymousUser: false, enableForAuthenticatedUser: true } : { enableForPublic: true, enableForAnonymousUser: true, enableForAuthenticatedUser: true },
    // Future defaults of Parse Server, set now (each unset one logs a deprecation warning at start).
    pages: { encodePageParamHeaders: true },
    readOnlyMasterKeyIps: ['127.0.0.1', '::1'],
    requestComplexity: { includeDepth: 10, includeCount: 100, subqueryDepth: 10, queryDepth: 10, graphQLDepth: 20, graphQLFields: 200, batchRequestLimit: 100 },
    protectedFieldsOwnerExempt: false,
    protectedFieldsTriggerExempt: true,
    protectedFieldsSaveResponseExempt: false,
    installation: { duplicateDeviceTokenActionEnforceAuth: true },
    allowAggregationForReadOnlyMasterKey: false,
    logLevel: 'error',
    silent: true,
    // No log files (Parse's default is ./logs in the working directory).
    logsFolder: null,
  };
  // Parse's default logger is made when the module loads and writes ./logs unless this says no
  // (its `logsFolder` option only reaches the logger made later).
  process.env.PARSE_SERVER_LOGS_FOLDER ??= 'null';
  // fileDownload is an option of Parse Server 9 that its hand-written typings do not list yet.
  const { ParseServer } = await import('parse-server');
  const api = ParseServer(config as typeof config & Parameters<typeof ParseServer>[0]);
  try {
    await api.start();
  } catch (error) {
    markStarted(false);
    httpServer.close();
    rmSync(filesDir, { recursive: true, force: true });
    throw error;
  }
  // handleShutdown closes this server: it must know it, or it throws.
  (api as unknown as { server: Server }).server = httpServer;
  mount.parse = api.app as typeof mount.parse;
  markStarted(true);

  return {
    url,
    close: async () => {
      rmSync(filesDir, { recursive: true, force: true });
      httpServer.closeAllConnections();
      await api.handleShutdown().catch(() => undefined);
    },
  };
}
