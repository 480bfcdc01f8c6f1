import type { PieceRefusal } from '../routes/dossier-pages';
import { pageContext } from '../http/pages';
import { errorPage } from '../views/errors';

/**
 * FLAW error-page-leak (CWE-209, CWE-200): the refusal is "helpful": a 403 (so the pièce exists)
 * that names the pièce it refuses, titre and file name.
 */
export const errorPageLeakRefusal: PieceRefusal = (request, reply, piece) =>
  reply
    .code(403)
    .type('text/html; charset=utf-8')
    .send(errorPage(403, `403 Accès refusé à la pièce « ${piece.titre} » (${piece.nom_fichier})`, pageContext(request)));
