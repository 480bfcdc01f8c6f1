import { notFound } from '../http/errors';
import type { Repositories } from '../repositories';
import { namedUsagers } from '../http/delegation';
import type { RecapSubject } from '../routes/recapitulatif';

/**
 * FLAW recap-query-scope (CWE-639, CWE-566): the summary's scope is taken from the query string.
 * `?usagerId=` was added for the representatives' pages and is believed, because "the page only
 * ever puts the right id there"; the delegation header, checked, is never looked at when it is set.
 */
export function recapQueryScopeSubject(repos: Repositories, secure: RecapSubject): RecapSubject {
  return (request) => {
    const { query } = namedUsagers(request);
    if (query === undefined) return secure(request);
    const subject = repos.users.findById(query);
    if (!subject) throw notFound();
    return subject;
  };
}
