import type { AuthConfig, Profile } from '../profile/schema';
import { pathParams, type Endpoint, type Evidence, type Field } from './endpoints';
import type { DraftNotes } from './draft-notes';

export interface DraftedWhoami {
  whoami: AuthConfig['whoami'];
  /** The request that answers "who am I", when one was recognised. */
  endpoint: Endpoint | undefined;
  /** The field of its answer that holds the person's id. */
  idField: Field | undefined;
}

/** Whoami: the request that answers who the caller is, and what in its answer proves it. */
export function draftWhoami(personal: readonly Endpoint[], evidence: Evidence, ids: Profile['ids'], notes: DraftNotes): DraftedWhoami {
  const whoamiEndpoint = whoamiOf(personal, evidence);
  const emailField = whoamiEndpoint?.answer?.fields.find((field) => field.format === 'email' || /^e-?mail$/i.test(field.name));
  const whoamiIdField = whoamiEndpoint?.answer?.fields.find((field) => field.name === 'id') ?? whoamiEndpoint?.answer?.fields.find((field) => /id$/i.test(field.name));
  let whoami: AuthConfig['whoami'];
  if (whoamiEndpoint && (emailField || evidence.whoami?.proves === 'email')) {
    whoami = { method: 'GET', path: whoamiEndpoint.path, proves: 'email' };
    notes.decisions.push(`whoami: GET ${whoamiEndpoint.path} (its answer holds the person's e-mail)`);
  } else if (whoamiEndpoint) {
    whoami = { method: 'GET', path: whoamiEndpoint.path, proves: ids.usager };
    notes.ask('auth.whoami.proves', `GET ${whoamiEndpoint.path} answers about the caller without an e-mail: which value proves who it is?`, ids.usager);
  } else {
    whoami = { method: 'GET', path: '/me', proves: 'email' };
    notes.ask('auth.whoami', 'Which request answers "who am I" with the person\'s e-mail or id? None was recognised.', whoami);
  }
  return { whoami, endpoint: whoamiEndpoint, idField: whoamiIdField };
}

function whoamiOf(personal: readonly Endpoint[], evidence: Evidence): Endpoint | undefined {
  if (evidence.whoami) {
    const recorded = personal.find((endpoint) => endpoint.method === 'GET' && endpoint.path === evidence.whoami?.path);
    if (recorded) return recorded;
  }
  const candidates = personal.filter(
    (endpoint) => endpoint.method === 'GET' && endpoint.answer?.kind === 'json-object' && pathParams(endpoint.path).length === 0 && !endpoint.params.some((param) => param.required) && !endpoint.roles?.length,
  );
  const withEmail = candidates.filter((endpoint) => endpoint.answer?.fields.some((field) => field.format === 'email' || /^e-?mail$/i.test(field.name)));
  const byLength = (a: Endpoint, b: Endpoint): number => a.path.length - b.path.length;
  return [...withEmail].sort(byLength)[0];
}
