import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userOf } from '../access';
import type { PortalContext } from '../context';
import { delegationHeaderSubject } from '../flaws/delegation-header';
import { espaceCookieTrustedSubject } from '../flaws/espace-cookie-trusted';
import { recapQueryScopeSubject } from '../flaws/recap-query-scope';
import { variant } from '../flaws/seam';
import { namedUsagers } from '../http/delegation';
import { notFound } from '../http/errors';
import { dossierJson, pieceJson } from '../http/json';
import type { Account, User } from '../model';
import { readScope } from '../repositories/scope';

/** The usager whose summary a request asks for, once the portal agreed the caller may see it. */
export type RecapSubject = (request: FastifyRequest) => Account;

/**
 * The summary of one usager's dossiers and pièces (the "Mon récapitulatif" block of the espace).
 * Whom it is about comes from the request, so that a representative's page can name the usager it
 * acts for; every id named must be one the caller acts for (or, for an agent, of its MDPH).
 */
export function recapitulatifRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const { repos, flaws } = ctx;

  const mayView = (caller: User, subject: Account): boolean =>
    subject.role === 'usager' &&
    ((caller.role === 'usager' && caller.id === subject.id) ||
      (caller.role === 'representant' && caller.represente_id === subject.id) ||
      (caller.role === 'agent' && caller.mdph_code !== null && caller.mdph_code === subject.mdph_code));

  const secureSubject: RecapSubject = (request) => {
    const caller = userOf(request);
    const { header, query, cookie } = namedUsagers(request);
    const fallback = caller.role === 'representant' ? caller.represente_id : caller.id;
    const ids = [header, query, cookie].filter((id): id is number => id !== undefined);
    const subjects = (ids.length > 0 ? ids : [fallback]).map((id) => (id === null ? undefined : repos.users.findById(id)));
    if (subjects.some((subject) => !subject || !mayView(caller, subject))) throw notFound();
    return subjects[0] as Account;
  };
  const subjectOf = variant(flaws, secureSubject, {
    'recap-query-scope': recapQueryScopeSubject(repos, secureSubject),
    'delegation-header': delegationHeaderSubject(repos, secureSubject),
    'espace-cookie-trusted': espaceCookieTrustedSubject(repos, secureSubject),
  });

  app.get('/api/v2/recapitulatif', (request) => {
    const subject = subjectOf(request);
    const dossiers = repos.dossiers.listReadable(readScope(subject));
    return {
      usager: { prenom: subject.prenom, nom: subject.nom },
      dossiers: dossiers.map((dossier) => ({ ...dossierJson(dossier), pieces: repos.pieces.listByDossier(dossier.id).map(pieceJson) })),
    };
  });
}
