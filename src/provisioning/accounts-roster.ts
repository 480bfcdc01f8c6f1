import { ConfigError } from '../errors';
import { usagerKey } from '../population/keys';
import type { PopulationSpec, Roster } from '../population/types';
import type { Profile } from '../profile/types';
import type { Settings } from '../settings/settings';
import { accountsFileOf, readAccounts, type Account } from './accounts';

// Apart from population.ts: every Playwright worker reads the roster when it loads its specs, and
// must not load the generators (faker, pdf-lib) that only the setup project runs.

/**
 * The keys of the run's people when some come from an accounts file (`accounts` and `ui` modes),
 * known at load time: specs are declared per person. (`api` mode: roster.ts.)
 */
export function accountsRoster(profile: Profile, settings: Pick<Settings, 'accountsFile'>, spec: PopulationSpec): Roster {
  const ui = profile.provisioning.mode === 'ui';
  const generatedUsagers = ui ? spec.mdph.flatMap((mdph) => Array.from({ length: spec.usagersPerMdph }, (_, index) => usagerKey(mdph, index))) : [];
  const accounts = accountsOf(profile, settings, spec, generatedUsagers);
  const usagers = [...generatedUsagers, ...accounts.filter((account) => account.role === 'usager').map((account) => account.key)];
  return { usagers, people: [...usagers, ...accounts.filter((account) => account.role !== 'usager').map((account) => account.key)] };
}

export function accountsOf(profile: Profile, settings: Pick<Settings, 'accountsFile'>, spec: PopulationSpec, generatedUsagers: string[]): Account[] {
  const file = accountsFileOf(profile, settings);
  if (profile.provisioning.mode === 'ui') {
    if (!file) {
      if (spec.representatives > 0 || spec.agentsPerMdph > 0) {
        throw new ConfigError(
          'provisioning.file',
          'is required in ui mode when the population has representatives or agents: they cannot sign up through the registration form (or set CLOISON_ACCOUNTS)',
        );
      }
      return [];
    }
    // Usagers of the file exist already (a representative needs someone to represent): they do not sign up.
    return readAccounts(file, generatedUsagers);
  }
  if (!file) throw new ConfigError('provisioning.file', 'is required in accounts mode');
  const accounts = readAccounts(file);
  if (!accounts.some((account) => account.role === 'usager')) throw new ConfigError('(accounts)', 'holds no usager: there would be nothing to protect', file);
  return accounts;
}
