import { notFound } from '../http/errors';
import type { Repositories } from '../repositories';
import type { SyntheseDossier } from '../routes/api-dossiers';

/**
 * FLAW synthese-body-idor (CWE-639): the dossier summary is a read sent as POST, its dossier named
 * in the body (`{ "dossierId": 12 }`). The handler was written apart from the URL routes: the auth
 * gate proves a session is there, then the dossier is loaded by the body's id as is. The owner
 * check lives in the URL loader, and an id in a body never goes through it.
 */
export function syntheseBodyIdorDossier(repos: Repositories): SyntheseDossier {
  return (_request, dossierId) => {
    const dossier = repos.dossiers.findById(dossierId);
    if (!dossier) throw notFound();
    return dossier;
  };
}
