import type { Role } from '../../population/types';
import type { RunContext } from '../../run/context';

/** Every role logs in: the session properties are proven for one person of each. */
export const SESSION_ROLES: readonly Role[] = ['usager', 'representant', 'agent'];

/** The run's first person of a role; every population holds each role (the policy classes need them). */
export function firstOfRole(run: RunContext, role: Role): string {
  const person = run.state.people.find((candidate) => candidate.role === role);
  if (!person) throw new Error(`run ${run.state.runId} has no ${role}: the population must hold every role`);
  return person.key;
}
