import { notFound } from '../http/errors';
import type { Repositories } from '../repositories';
import { namedUsagers } from '../http/delegation';
import type { RecapSubject } from '../routes/recapitulatif';

/**
 * FLAW espace-cookie-trusted (CWE-565, CWE-639): the espace cookie, set by the portal itself to
 * remember whose espace a representative switched to, is read first and believed ("we set it,
 * it is ours"); the delegation header and the query, checked, are not looked at when it is there.
 * Any session that writes another usager's id into its own cookie reads that usager's summary.
 */
export function espaceCookieTrustedSubject(repos: Repositories, secure: RecapSubject): RecapSubject {
  return (request) => {
    const { cookie } = namedUsagers(request);
    if (cookie === undefined) return secure(request);
    const subject = repos.users.findById(cookie);
    if (!subject) throw notFound();
    return subject;
  };
}
