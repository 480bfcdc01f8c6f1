import path from 'node:path';
import type { DossierFileResolver } from '../routes/dossier-pages';
import type { FileStore } from '../storage/files';

const MIME_BY_EXTENSION: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * FLAW path-traversal (CWE-22, CWE-639), as in the 2018 national beta teleservice: the route has
 * checked that the caller owns the dossier in the URL, then joins the URL's file name to that
 * dossier's folder. Another dossier's file is `../<dossierId>/<stored name>` away.
 */
export function pathTraversalResolver(files: FileStore): DossierFileResolver {
  return (dossier, fileName) => ({
    path: path.join(files.root, String(dossier.id), fileName),
    mime: MIME_BY_EXTENSION[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream',
    name: path.basename(fileName),
  });
}
