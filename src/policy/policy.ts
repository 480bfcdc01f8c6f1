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

  mayRead(requesterKey: string | undefined, ownerKey: string): boolean {
    const relationship = this.relationship(requesterKey, ownerKey);
    return this.config.read.some((audience) => AUDIENCE[audience]?.(relationship) ?? false);
  }

  mayWrite(requesterKey: string | undefined, ownerKey: string): boolean {
    const relationship = this.relationship(requesterKey, ownerKey);
    return (this.config.write ?? ['owner']).some((audience) => AUDIENCE[audience]?.(relationship) ?? false);
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

  /** Usagers whose objects the requester must NOT reach: the victims of its probes. */
  forbiddenOwners(requesterKey: string | undefined): Person[] {
    return this.people.filter((person) => person.role === 'usager' && !this.mayRead(requesterKey, person.key));
  }
}
