import type { FastifyRequest } from 'fastify';
import type { Dossier, User } from './model';

/** Who may do what with a dossier and its pièces (ROUTES.md, "Model"). */
export interface AccessPolicy {
  canRead(user: User, dossier: Dossier): boolean;
  canWrite(user: User, dossier: Dossier): boolean;
}

/** The usager, or the representative whose `represente_id` names that usager. */
function actsFor(user: User, dossier: Dossier): boolean {
  if (user.role === 'usager') return user.id === dossier.usager_id;
  if (user.role === 'representant') return user.represente_id === dossier.usager_id;
  return false;
}

export const secureAccess: AccessPolicy = {
  canRead: (user, dossier) => actsFor(user, dossier) || (user.role === 'agent' && user.mdph_code === dossier.mdph_code),
  canWrite: (user, dossier) => actsFor(user, dossier),
};

/** Whether this request may go on with this dossier; decided per route, chosen at build time. */
export type DossierGuard = (request: FastifyRequest, dossier: Dossier) => boolean;

export function readGuard(access: AccessPolicy): DossierGuard {
  return (request, dossier) => request.user !== null && access.canRead(request.user, dossier);
}

export function writeGuard(access: AccessPolicy): DossierGuard {
  return (request, dossier) => request.user !== null && access.canWrite(request.user, dossier);
}

/** The signed-in user; only called behind the auth gate, which already refused anonymous requests. */
export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new Error(`route ${request.routeOptions.url ?? '?'} reached without a user: is it in PUBLIC_ROUTES by mistake?`);
  return request.user;
}

/** Who may enter the agent back office (pages and API). */
export type AgentGate = (request: FastifyRequest) => boolean;
