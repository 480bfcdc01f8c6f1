import type { AccessPolicy } from '../policy/policy';
import type { Person } from '../population/types';
import type { RouteSpec } from '../profile/types';

/**
 * Who stands where towards a role route or a representative: pure decisions over the profile's
 * policy and the population, so the roles and tenants checks only send requests.
 */

/** Whether the route exists for this role (a route without `roles` serves everyone signed in). */
export function serves(route: RouteSpec, role: string | undefined): boolean {
  if (role === undefined) return false;
  return route.roles === undefined || route.roles.some((served) => served === role);
}

const roleOf = (policy: AccessPolicy, key: string | undefined): string | undefined => (key === undefined ? undefined : policy.person(key).role);

/**
 * The audience of an owner's object through a role route: people of a served role whom the policy
 * lets read the owner (an agent of the owner's MDPH). Everyone else, the owner included, is refused.
 */
export function roleAudience(policy: AccessPolicy, route: RouteSpec, ownerKey: string): string[] {
  return policy.people.filter((person) => serves(route, person.role) && policy.mayRead(person.key, ownerKey, route.name)).map((person) => person.key);
}

/** Everyone outside the audience, anonymous last: each of them must be refused. */
export function roleAttackers(policy: AccessPolicy, route: RouteSpec, ownerKey: string): (string | undefined)[] {
  const audience = new Set(roleAudience(policy, route, ownerKey));
  return [...policy.people.filter((person) => !audience.has(person.key)).map((person) => person.key), undefined];
}

/**
 * Why an answer of 2xx to this requester is wrong: a role the route does not serve is a
 * violation on its own (function-level authorization), even on the requester's own object; a
 * served role outside the audience (another tenant) is suspicious unless foreign data shows.
 */
export function refusalKind(policy: AccessPolicy, route: RouteSpec, requesterKey: string | undefined): 'role-not-served' | 'outside-audience' {
  return serves(route, roleOf(policy, requesterKey)) ? 'outside-audience' : 'role-not-served';
}

/** Usagers whose objects a representative may read: the positive controls. */
export function representedBy(policy: AccessPolicy, representativeKey: string): Person[] {
  return policy.people.filter((person) => person.role === 'usager' && policy.mayRead(representativeKey, person.key));
}

/**
 * Usagers a representative may not read, those of its own MDPH first: a representative scoped to
 * the département instead of the person reaches exactly those.
 */
export function notRepresentedBy(policy: AccessPolicy, representativeKey: string): Person[] {
  const representative = policy.person(representativeKey);
  const sameMdph = (person: Person): number => Number(person.mdph === representative.mdph);
  return policy.forbiddenOwners(representativeKey).sort((a, b) => sameMdph(b) - sameMdph(a));
}

/** Usagers of another MDPH than the agent's that the policy keeps from it: its cross-tenant victims. */
export function otherTenants(policy: AccessPolicy, agentKey: string): Person[] {
  return policy.people.filter(
    (person) => person.role === 'usager' && policy.relationship(agentKey, person.key) === 'agent-other-mdph' && !policy.mayRead(agentKey, person.key),
  );
}

/** Usagers an agent may read: where its positive controls come from. */
export function ownTenant(policy: AccessPolicy, agentKey: string): Person[] {
  return policy.people.filter((person) => person.role === 'usager' && policy.mayRead(agentKey, person.key));
}
