import type { Person } from '../population/types';
import type { AccessPolicy } from './policy';

/**
 * One member of each class, classes in the order they first appear: one probe per relationship
 * class proves what the whole class would. `turn` rotates among a class's members (the owner's
 * second object meets the class's second member).
 */
export function onePerClass<T>(members: readonly T[], classOf: (member: T) => string, turn = 0): T[] {
  const byClass = new Map<string, T[]>();
  for (const member of members) {
    const name = classOf(member);
    byClass.set(name, [...(byClass.get(name) ?? []), member]);
  }
  return [...byClass.values()].map((group) => group[turn % group.length] as T);
}

/**
 * One requester of each relationship class towards an owner. `byRole`: of each role too, where
 * roles the relationship does not tell apart are not served alike (a back office's routes).
 */
export function oneOfEachClass(policy: AccessPolicy, requesters: readonly (string | undefined)[], ownerKey: string, options: { turn?: number; byRole?: boolean } = {}): (string | undefined)[] {
  const roleOf = (key: string | undefined): string => (key === undefined ? 'anonymous' : policy.person(key).role);
  const classOf = (key: string | undefined): string => `${options.byRole ? `${roleOf(key)}|` : ''}${policy.relationship(key, ownerKey)}`;
  return onePerClass(requesters, classOf, options.turn);
}

/**
 * One usager the requester may not read of each relationship class it stands in towards them.
 * `turn` rotates among a class's members (each requester aims at another), `route` narrows the
 * policy to what that route serves.
 */
export function oneVictimOfEachClass(policy: AccessPolicy, requesterKey: string | undefined, options: { route?: string; turn?: number } = {}): Person[] {
  return onePerClass(policy.forbiddenOwners(requesterKey, options.route), (victim) => policy.relationship(requesterKey, victim.key), options.turn);
}
