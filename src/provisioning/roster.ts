import { agentKey, representativeKey, usagerKey } from '../population/keys';
import { loadPopulationSpec } from '../population/spec';
import type { PopulationSpec, Roster } from '../population/types';
import type { Settings } from '../settings/settings';
import { loadProfile } from '../profile/load';
import { accountsRoster } from './accounts-roster';

/**
 * The keys of a run's people, known before anything is seeded: tests are declared per person at
 * load time, and keys depend on the population spec only (never on ids a portal hands out).
 */
export function rosterOf(settings: Settings): Roster {
  const profile = loadProfile(settings.profileFile);
  const spec: PopulationSpec = loadPopulationSpec(settings.populationFile, { seed: settings.seed, runId: settings.runId, people: profile.people });
  // Pre-provisioned accounts (accounts and ui provisioning modes) bring their own keys.
  if (profile.provisioning.mode !== 'api') return accountsRoster(profile, settings, spec);
  const usagers = spec.mdph.flatMap((mdph) => Array.from({ length: spec.usagersPerMdph }, (_, index) => usagerKey(mdph, index)));
  const representatives = Array.from({ length: spec.representatives }, (_, index) => representativeKey(index));
  const agents = spec.mdph.flatMap((mdph) => Array.from({ length: spec.agentsPerMdph }, (_, index) => agentKey(mdph, index)));
  return { usagers, people: [...usagers, ...representatives, ...agents] };
}
