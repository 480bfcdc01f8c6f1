import type { Person } from '../population/types';

/**
 * How a requester stands towards the owner of an object. Every forbidden relationship class is
 * probed against every victim object, so detection never depends on which pair happened to be picked.
 */
export type Relationship =
  | 'owner'
  | 'representative'
  | 'agent-same-mdph'
  | 'usager-same-mdph'
  | 'usager-other-mdph'
  | 'representative-other'
  | 'agent-other-mdph'
  | 'anonymous';

export function relationshipOf(requester: Person | undefined, owner: Person): Relationship {
  if (!requester) return 'anonymous';
  if (requester.key === owner.key) return 'owner';
  switch (requester.role) {
    case 'representant':
      return requester.represents === owner.key ? 'representative' : 'representative-other';
    case 'agent':
      return requester.mdph === owner.mdph ? 'agent-same-mdph' : 'agent-other-mdph';
    case 'usager':
      return requester.mdph === owner.mdph ? 'usager-same-mdph' : 'usager-other-mdph';
  }
}
