import type { PersonRole } from '../profile/schema';
import type { Endpoint } from './endpoints';
import type { DraftNotes } from './draft-notes';

export const ROLES: readonly PersonRole[] = ['usager', 'representant', 'agent'];

export interface DraftedRoles {
  /** A route's roles, when every name its source gives is one of cloison's roles. */
  mapped(endpoint: Endpoint): PersonRole[] | undefined;
  /** The roles the portal's people have: usager, and every role a route names. */
  people: Set<PersonRole>;
}

/** Roles: the names a route's security requirement gives, when they are cloison's roles. */
export function draftRoles(personal: readonly Endpoint[], notes: DraftNotes): DraftedRoles {
  const roleNames = new Set(personal.flatMap((endpoint) => endpoint.roles ?? []));
  const foreign = [...roleNames].filter((role) => !ROLES.includes(role as PersonRole));
  if (foreign.length > 0) notes.ask('routes[].roles', `The source names roles ${foreign.map((role) => `"${role}"`).join(', ')}: which of usager, representant, agent is each? Their routes were drafted without roles.`);
  const mapped = (endpoint: Endpoint): PersonRole[] | undefined => {
    const roles = (endpoint.roles ?? []).filter((role): role is PersonRole => ROLES.includes(role as PersonRole));
    return roles.length > 0 && roles.length === (endpoint.roles ?? []).length ? roles : undefined;
  };
  return { mapped, people: new Set<PersonRole>(['usager', ...personal.flatMap((endpoint) => mapped(endpoint) ?? [])]) };
}
