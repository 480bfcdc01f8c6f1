import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_UPLOAD_BYTES, type PortalOptions } from './app';
import { parseFlaws } from './flaws/catalog';
import { DEFAULT_SHARE_TTL_SECONDS } from './routes/share';

/** The options of buildApp, plus the port server.ts listens on. */
export interface PortalConfig extends PortalOptions {
  port: number;
}

const dataPath = (name: string): string => fileURLToPath(new URL(`../data/${name}`, import.meta.url));

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(`${name}: expected an integer from ${min} to ${max}, got "${raw}".`);
  }
  return Number(raw);
}

/** `--port 3000` or `--port=3000`; undefined when absent. */
function portArgument(argv: readonly string[]): string | undefined {
  const index = argv.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  if (index === -1) return undefined;
  const arg = argv[index] ?? '';
  const value = arg === '--port' ? argv[index + 1] : arg.slice('--port='.length);
  if (value === undefined || value === '') throw new Error('--port: a port number must follow.');
  return value;
}

/**
 * Reads and validates the portal's settings from the environment and the command line; every
 * error names the variable at fault, so a mistyped flaw id or port stops the start-up plainly.
 */
export function loadPortalConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): PortalConfig {
  const portArg = portArgument(argv);
  const port =
    portArg !== undefined ? integer('--port', portArg, 0, 65535)
    : env.PORTAL_PORT ? integer('PORTAL_PORT', env.PORTAL_PORT, 0, 65535)
    : 3000;
  const maxUploadBytes = env.PORTAL_MAX_UPLOAD_BYTES
    ? integer('PORTAL_MAX_UPLOAD_BYTES', env.PORTAL_MAX_UPLOAD_BYTES, 1, 100 * 1024 * 1024)
    : DEFAULT_MAX_UPLOAD_BYTES;
  // Short lifetimes let a test environment prove expiry by waiting; a day is the longest a
  // pièce should stay reachable through a link.
  const shareTtlSeconds = env.PORTAL_SHARE_TTL_SECONDS
    ? integer('PORTAL_SHARE_TTL_SECONDS', env.PORTAL_SHARE_TTL_SECONDS, 1, 24 * 60 * 60)
    : DEFAULT_SHARE_TTL_SECONDS;
  return {
    port,
    dbPath: env.PORTAL_DB || dataPath('portal.sqlite'),
    uploadsDir: env.PORTAL_UPLOADS || dataPath('uploads'),
    provisioningToken: env.PORTAL_PROVISIONING_TOKEN || undefined,
    flaws: parseFlaws(env.PORTAL_FLAWS),
    maxUploadBytes,
    shareTtlSeconds,
  };
}
