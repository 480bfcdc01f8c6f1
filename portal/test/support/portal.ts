import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildApp } from '../../src/app';
import type { FlawId } from '../../src/flaws/catalog';

export interface PortalOptions {
  flaws?: readonly FlawId[];
  /** Provisioning token; `null` starts the portal with provisioning off. */
  provisioningToken?: string | null;
  maxUploadBytes?: number;
}

export interface RunningPortal {
  baseUrl: string;
  uploadsDir: string;
  provisioningToken: string | undefined;
  flaws: ReadonlySet<FlawId>;
  /** Every file under the uploads folder, relative paths, sorted. */
  listUploads(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Starts a real portal in this process: fresh in-memory database, a temporary uploads folder
 * (deleted at close), listening on an ephemeral port of 127.0.0.1.
 */
export async function startPortal(options: PortalOptions = {}): Promise<RunningPortal> {
  const uploadsDir = await mkdtemp(join(tmpdir(), 'cloison-portal-uploads-'));
  const provisioningToken = options.provisioningToken === null ? undefined : (options.provisioningToken ?? `prov-${Math.random().toString(36).slice(2)}`);
  const flaws = new Set(options.flaws ?? []);
  const app = await buildApp({
    dbPath: ':memory:',
    uploadsDir,
    provisioningToken,
    flaws,
    maxUploadBytes: options.maxUploadBytes,
    logger: false,
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await app.close();
    await rm(uploadsDir, { recursive: true, force: true });
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    uploadsDir,
    provisioningToken,
    flaws,
    async listUploads() {
      const entries = await readdir(uploadsDir, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => relative(uploadsDir, join(entry.parentPath, entry.name)))
        .sort();
    },
    async close() {
      await app.close();
      await rm(uploadsDir, { recursive: true, force: true });
    },
  };
}
