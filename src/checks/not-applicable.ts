import { test } from '@playwright/test';
import { NOT_APPLICABLE } from '../findings/attach';
import type { PersonRole, Profile } from '../profile/types';

/**
 * A check the portal makes impossible (no agents, no revocable links, no browser session) is
 * *not applicable*: recorded in the run record with its reason (naming the profile field where
 * one is missing), and the caller returns without probing. Never a silent pass, never a failure;
 * never for a failure of the target either: that is an error (exit 2).
 */
export function notApplicable(reason: string): void {
  test.info().annotations.push({ type: NOT_APPLICABLE, description: reason });
}

/** The reason a check needing `role` does not apply to this portal, or undefined when it does. */
export function missingRole(profile: Pick<Profile, 'people'>, role: PersonRole): string | undefined {
  return profile.people.roles.includes(role) ? undefined : `people.roles has no "${role}": the portal has none`;
}
