import { notFound } from '../http/errors';
import type { Repositories } from '../repositories';
import { namedUsagers } from '../http/delegation';
import type { RecapSubject } from '../routes/recapitulatif';

/**
 * FLAW delegation-header (CWE-639, CWE-290): the delegation header is honoured for anyone. It
 * was meant for representatives ("X-Usager-Id: the usager I act for") and is taken as proof of the
 * delegation itself, so any session naming any usager reads that usager's summary.
 */
export function delegationHeaderSubject(repos: Repositories, secure: RecapSubject): RecapSubject {
  return (request) => {
    const { header } = namedUsagers(request);
    if (header === undefined) return secure(request);
    const subject = repos.users.findById(header);
    if (!subject) throw notFound();
    return subject;
  };
}
