import { generatePopulation } from '../population/generate';
import { PeopleFaker, civil } from '../population/identity';
import { makeDocuments } from '../population/pieces';
import type { Person, Population, PopulationSpec, SeededDocument } from '../population/types';
import type { Profile } from '../profile/types';
import type { Settings } from '../settings/settings';
import type { Account } from './accounts';
import { accountsOf } from './accounts-roster';

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
