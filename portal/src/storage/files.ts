import { randomUUID } from 'node:crypto';
import { renameSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Uploaded files live under `<root>/<dossierId>/<stored_name>`, outside any static root: the only
 * way to a file is a route that loaded its row and checked access.
 */
export function createFileStore(root: string) {
  function dirOf(dossierId: number): string {
    // Folder names come from integer ids only, never from a value a request could shape.
    if (!Number.isSafeInteger(dossierId) || dossierId < 1) throw new Error(`invalid dossier id for storage: ${String(dossierId)}`);
    return path.join(root, String(dossierId));
  }
  const pathOf = (dossierId: number, storedName: string): string => path.join(dirOf(dossierId), storedName);

  return {
    root,
    pathOf,
    /** Writes the bytes under a temporary name; `commit` gives them their final name. */
    async stage(dossierId: number, bytes: Uint8Array): Promise<string> {
      await mkdir(dirOf(dossierId), { recursive: true });
      const temp = path.join(dirOf(dossierId), `.upload-${randomUUID()}`);
      await writeFile(temp, bytes, { flag: 'wx' });
      return temp;
    },
    /** Synchronous so that it can run inside a database transaction and roll it back on failure. */
    commit(temp: string, finalPath: string): void {
      renameSync(temp, finalPath);
    },
    discard: (temp: string): Promise<void> => rm(temp, { force: true }),
    read: (dossierId: number, storedName: string): Promise<Buffer> => readFile(pathOf(dossierId, storedName)),
    remove: (dossierId: number, storedName: string): Promise<void> => rm(pathOf(dossierId, storedName), { force: true }),
    /** A dossier's folder, once its pièces are gone (staged uploads left by an interrupted request too). */
    removeDossier: (dossierId: number): Promise<void> => rm(dirOf(dossierId), { recursive: true, force: true }),
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
