import type { PolicyConfig } from '../profile/types';
import type { Person } from '../population/types';
import { relationshipOf, type Relationship } from './relationship';

const AUDIENCE: Record<string, (relationship: Relationship) => boolean> = {
  owner: (relationship) => relationship === 'owner',
  representative: (relationship) => relationship === 'representative',
  'agent:same-mdph': (relationship) => relationship === 'agent-same-mdph',
  'agent:any': (relationship) => relationship === 'agent-same-mdph' || relationship === 'agent-other-mdph',
};

/** The expected-access matrix (AuthMatrix-style), computed from the profile's policy and the population. */
export class AccessPolicy {
  private readonly byKey: Map<string, Person>;

  constructor(
    private readonly config: PolicyConfig,
    readonly people: readonly Person[],
  ) {
    this.byKey = new Map(people.map((person) => [person.key, person]));
  }

  person(key: string): Person {
    const person = this.byKey.get(key);
    if (!person) throw new Error(`unknown person "${key}"`);
    return person;
  }

  relationship(requesterKey: string | undefined, ownerKey: string): Relationship {
    return relationshipOf(requesterKey === undefined ? undefined : this.person(requesterKey), this.person(ownerKey));
  }

  /**
   * Whether the requester may read the owner's objects: through `route` when given (its override
   * in `policy.routes`, else the default), else through any route of the portal.
   */
  mayRead(requesterKey: string | undefined, ownerKey: string, route?: string): boolean {
    const relationship = this.relationship(requesterKey, ownerKey);
    return this.readAudiences(route).some((audiences) => audiences.some((audience) => AUDIENCE[audience]?.(relationship) ?? false));
  }

  mayWrite(requesterKey: string | undefined, ownerKey: string, route?: string): boolean {
    const relationship = this.relationship(requesterKey, ownerKey);
    const audiences = (route === undefined ? undefined : this.config.routes?.[route]?.write) ?? this.config.write ?? ['owner'];
    return audiences.some((audience) => AUDIENCE[audience]?.(relationship) ?? false);
  }

  /** A route's audience; without a route, every audience of the portal (what the oracle may see). */
  private readAudiences(route: string | undefined): string[][] {
    if (route !== undefined) return [this.config.routes?.[route]?.read ?? this.config.read];
    return [this.config.read, ...Object.values(this.config.routes ?? {}).flatMap((access) => (access.read ? [access.read] : []))];
  }

  /**
   * Whose markers a requester may legitimately receive: its own, those of the people whose
   * objects it may read, and of those who act for it (a usager may see its representative).
   */
  visibleOwners(requesterKey: string | undefined): ReadonlySet<string> {
    const visible = new Set<string>();
    if (requesterKey === undefined) return visible;
    visible.add(requesterKey);
    for (const person of this.people) {
      if (person.role === 'usager' && this.mayRead(requesterKey, person.key)) visible.add(person.key);
    }
    for (const person of this.people) {
      if (person.role === 'representant' && person.represents !== undefined && visible.has(person.represents)) {
        visible.add(person.key);
      }
    }
    return visible;
  }

  /**
   * Whether the requester may legitimately read objects of people the run did not seed: an agent
   * whose audience is an MDPH sees every usager of it, seeded or not; a usager or a representative
   * sees only known people.
   */
  mayReadUnseeded(requesterKey: string | undefined): boolean {
    if (requesterKey === undefined || this.person(requesterKey).role !== 'agent') return false;
    return this.config.read.some((audience) => audience.startsWith('agent:'));
  }

  /** Usagers whose objects the requester must NOT reach (through `route`, when given): the victims of its probes. */
  forbiddenOwners(requesterKey: string | undefined, route?: string): Person[] {
    return this.people.filter((person) => person.role === 'usager' && !this.mayRead(requesterKey, person.key, route));
  }
}
