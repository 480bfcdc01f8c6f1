import type { Population } from '../population/types';
import type { Profile } from '../profile/types';
import type { Bindings } from '../util/template';
import type { RunState } from './state';

/**
 * The run state a dry run plans with: the population the seed generates, with the ids a portal
 * would hand out assumed to be sequential integers (the id-shaped vectors of integer ids are then
 * counted; a portal with UUIDs gets fewer). Nothing is sent, nothing is written.
 */
export function assumedRunState(profile: Profile, population: Population, runId: string): RunState {
  const personIds = [profile.ids.dossier, profile.ids.usager];
  const references = profile.bindings?.references ?? [];
  const files = profile.bindings?.files ?? [];
  const people = population.people.map(({ password: _password, ...person }, index) => ({
    ...person,
    bindings: Object.fromEntries([...personIds.map((name): [string, number] => [name, index + 1]), ...references.map((name): [string, string] => [name, `REF-${index + 1}`])]) as Bindings,
  }));
  const byKey = new Map(people.map((person) => [person.key, person]));
  const documents = population.documents.map(({ bytes: _bytes, ...document }, index) => ({
    ...document,
    bindings: { ...byKey.get(document.ownerKey)?.bindings, [profile.ids.piece]: index + 1, ...(Object.fromEntries(files.map((name): [string, string] => [name, `${index + 1}-${document.fileName}`])) as Bindings) },
  }));
  return { runId, seed: population.spec.seed, release: 'dry-run', profile: profile.name, baseURL: '', spec: population.spec, people, documents, sessions: {}, createdAt: new Date(0).toISOString() };
}
