import type { PersonRole, Profile } from '../profile/schema';
import type { DraftNotes } from './draft-notes';
import { ROLES } from './draft-roles';

/** People: the roles the source shows, drafted; the rest only a person knows. */
export function draftPeople(roles: ReadonlySet<PersonRole>, notes: DraftNotes): Profile['people'] {
  const people: Profile['people'] = { roles: ROLES.filter((role) => roles.has(role)), tenants: true };
  notes.ask('people.roles', `Which roles does the portal have besides usagers (representant: acts for a usager; agent: back office)? The source shows: ${[...roles].join(', ')}.`, people.roles);
  notes.ask('people.tenants', 'Does the portal separate offices (an agent sees one office\'s people only)? false turns the tenant checks off.', true);
  notes.ask('people.emailDomain', 'Does the portal accept e-mail addresses @example.test for test people? If not, which domain?');
  return people;
}

/** Policy: owners only, until a person says who else may read and write. */
export function draftPolicy(notes: DraftNotes): Profile['policy'] {
  const policy: Profile['policy'] = { read: ['owner'], write: ['owner'] };
  notes.ask('policy.read', 'Who besides the owner may read a document: representative, agent:same-mdph, agent:any?', policy.read);
  notes.ask('policy.write', 'Who besides the owner may upload, rename, replace or delete a document?', policy.write);
  return policy;
}
