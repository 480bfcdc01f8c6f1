import { test } from '@playwright/test';
import type { PersonRole, Profile } from '../profile/types';

/**
 * A check the portal makes impossible (no agents, no revocable links, no browser session) is
 * *not applicable*: recorded with its reason, naming the profile field, and the test returns
 * without probing. Never a silent pass, never a failure. The reporter collects these annotations.
 */
export function markNotApplicable(reason: string): void {
  test.info().annotations.push({ type: 'not-applicable', description: reason });
}

/** The reason a check needing `role` does not apply to this portal, or undefined when it does. */
export function missingRole(profile: Pick<Profile, 'people'>, role: PersonRole): string | undefined {
  return profile.people.roles.includes(role) ? undefined : `people.roles has no "${role}": the portal has none`;
}
