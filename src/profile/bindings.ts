import { FILE_BINDING, stringsOf } from '../util/template';
import type { Profile, RequestTemplate } from './schema';

/** Values cloison itself gives every template: the person's and the document's own fields. */
const PERSON_VALUES = ['key', 'role', 'prenom', 'nom', 'dateNaissance', 'nir', 'email', 'password', 'adresse', 'mdph'];
const DOCUMENT_VALUES = ['type', 'titre', 'fileName', 'mime', 'canary', FILE_BINDING];
/** Bindings the checks add when they fill a route: the search term and a write's new values. */
export const CHECK_VALUES = ['query'];

/** Every request of a profile, with the field path its errors name. */
export function requestsOf(profile: Profile): { field: string; request: RequestTemplate }[] {
  const found: { field: string; request: RequestTemplate }[] = [];
  const add = (field: string, request: RequestTemplate | undefined): void => {
    if (request) found.push({ field, request });
  };
  add('auth.login.api', profile.auth.login.api);
  add('auth.logout.api', profile.auth.logout.api);
  const provisioning = profile.provisioning;
  if (provisioning.mode === 'api') {
    for (const role of ['usager', 'representant', 'agent', 'document'] as const) add(`provisioning.${role}`, provisioning[role]);
  }
  if (provisioning.mode === 'accounts') add('provisioning.document', provisioning.document);
  if (provisioning.mode !== 'api') {
    for (const [role, templates] of Object.entries(provisioning.lookup ?? {})) templates.forEach((template, index) => add(`provisioning.lookup.${role}[${index}]`, template));
    add('provisioning.pieces.request', provisioning.pieces?.request);
  }
  (profile.writes ?? []).forEach((write, index) => add(`writes[${index}].request`, write.request));
  add('share.create', profile.share?.create);
  add('share.revoke', profile.share?.revoke);
  return found;
}

/**
 * The bindings a profile's routes may use: what its requests capture, the object ids, what it
 * declares (adapters), and cloison's own person and document values.
 */
export function knownBindings(profile: Profile): Set<string> {
  const known = new Set<string>([...PERSON_VALUES, ...DOCUMENT_VALUES, ...Object.values(profile.ids), ...(profile.bindings?.declared ?? [])]);
  for (const { request } of requestsOf(profile)) for (const name of Object.keys(request.capture ?? {})) known.add(name);
  const provisioning = profile.provisioning;
  if (provisioning.mode !== 'api') for (const name of Object.keys(provisioning.pieces?.capture ?? {})) known.add(name);
  return known;
}

/** Where placeholders may sit in a request, field by field: `path`, `query.q`, `json`... */
export function templateStrings(request: Partial<RequestTemplate>): { field: string; text: string }[] {
  const found: { field: string; text: string }[] = [];
  if (request.path) found.push({ field: 'path', text: request.path });
  for (const part of ['query', 'headers', 'form', 'multipart'] as const) {
    for (const [name, value] of Object.entries(request[part] ?? {})) found.push({ field: `${part}.${name}`, text: value });
  }
  for (const text of stringsOf(request.json)) found.push({ field: 'json', text });
  return found;
}
