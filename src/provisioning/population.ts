import { ConfigError } from '../errors';
import { generatePopulation } from '../population/generate';
import { PeopleFaker, civil } from '../population/identity';
import { usagerKey } from '../population/keys';
import { makeDocuments } from '../population/pieces';
import type { Person, Population, PopulationSpec, Roster, SeededDocument } from '../population/types';
import type { Profile } from '../profile/types';
import type { Settings } from '../settings/settings';
import { accountsFileOf, readAccounts, type Account } from './accounts';

const ADULT = { min: 20, max: 78 };

export interface RunPopulation extends Population {
  /** Keys of the people that exist in the target already (accounts file): they never sign up. */
  preProvisioned: ReadonlySet<string>;
}

/**
 * Who the run's people are, by provisioning mode: `api` generates everyone from the seed,
 * `accounts` takes everyone from the accounts file, `ui` generates usagers (they sign up) and takes
 * representatives and agents from the file. Documents are always generated from the seed.
 */
export async function populationOf(profile: Profile, settings: Pick<Settings, 'accountsFile'>, spec: PopulationSpec): Promise<RunPopulation> {
  const mode = profile.provisioning.mode;
  if (mode === 'api') return { ...(await generatePopulation(spec)), preProvisioned: new Set() };
  const generated = mode === 'ui' ? await generatePopulation(spec) : undefined;
  const usagers = generated?.people.filter((person) => person.role === 'usager') ?? [];
  const accounts = accountsOf(profile, settings, spec, usagers.map((person) => person.key));
  const faker = new PeopleFaker(spec.seed);
  const fromFile = accounts.map((account) => personOf(account, faker));
  const people = [...usagers, ...fromFile];
  const documents: SeededDocument[] = [...(generated?.documents ?? [])];
  for (const person of fromFile.filter((candidate) => candidate.role === 'usager')) {
    documents.push(...(await makeDocuments(faker.for(`${person.key}#pieces`), spec, person)));
  }
  return { spec, people, documents, preProvisioned: new Set(accounts.map((account) => account.key)) };
}

/**
 * The keys of the run's people when some come from an accounts file (`accounts` and `ui` modes),
 * known at load time: specs are declared per person. (`api` mode: src/run/roster.ts.)
 */
export function accountsRoster(profile: Profile, settings: Pick<Settings, 'accountsFile'>, spec: PopulationSpec): Roster {
  const ui = profile.provisioning.mode === 'ui';
  const generatedUsagers = ui ? spec.mdph.flatMap((mdph) => Array.from({ length: spec.usagersPerMdph }, (_, index) => usagerKey(mdph, index))) : [];
  const accounts = accountsOf(profile, settings, spec, generatedUsagers);
  const usagers = [...generatedUsagers, ...accounts.filter((account) => account.role === 'usager').map((account) => account.key)];
  return { usagers, people: [...usagers, ...accounts.filter((account) => account.role !== 'usager').map((account) => account.key)] };
}

function accountsOf(profile: Profile, settings: Pick<Settings, 'accountsFile'>, spec: PopulationSpec, generatedUsagers: string[]): Account[] {
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

/** A person from an account: civil data the file does not give is generated from the seed (it only decorates documents). */
function personOf(account: Account, faker: PeopleFaker): Person {
  const generated = civil(faker.for(account.key), ADULT);
  return {
    key: account.key,
    role: account.role,
    prenom: account.prenom ?? generated.prenom,
    nom: account.nom ?? generated.nom,
    dateNaissance: generated.dateNaissance,
    email: account.email,
    password: account.password,
    mdph: account.mdph,
    ...(account.represents ? { represents: account.represents } : {}),
  };
}
