import type { Profile, RequestTemplate, WriteRoute } from '../profile/schema';
import { pathParams, type Endpoint } from './endpoints';
import { bindingName } from './draft-names';
import { describe, type DraftNotes } from './draft-notes';
import type { DraftedWhoami } from './draft-whoami';

/** Provisioning: accounts the user creates, documents each person uploads as itself. */
export function draftProvisioning(endpoints: readonly Endpoint[], personal: readonly Endpoint[], ids: Profile['ids'], writes: readonly WriteRoute[], whoami: DraftedWhoami, notes: DraftNotes): Profile['provisioning'] {
  const upload = writes.find((write) => write.action === 'upload');
  const lookup: RequestTemplate[] = [];
  if (whoami.endpoint && whoami.idField) lookup.push({ method: 'GET', path: whoami.endpoint.path, capture: { [ids.usager]: whoami.idField.name } });
  const dossierList = personal.find((endpoint) => endpoint.method === 'GET' && endpoint.answer?.kind === 'json-array' && endpoint.answer.fields.some((field) => field.name === 'id') && pathParams(endpoint.path).length === 0 && personal.some((other) => other.path.startsWith(`${endpoint.path}/{`) && bindingName(pathParams(other.path)[0] ?? '') === ids.dossier));
  if (dossierList) lookup.push({ method: 'GET', path: dossierList.path, capture: { [ids.dossier]: '0.id' } });
  const document: RequestTemplate = upload ? { ...upload.request } : { method: 'POST', path: `/{${ids.dossier}}` };
  if (!upload) notes.ask('provisioning.document', 'Which request uploads a document as its owner? None was recognised.', document);
  const provisioning: Profile['provisioning'] = { mode: 'accounts', file: 'accounts.json', document, ...(lookup.length > 0 ? { lookup: { usager: lookup } } : {}) };
  notes.ask('provisioning.file', 'Who are the test people? Create accounts.json ([{ "key", "email", "password", "role", "mdph", "represents"? }], src/provisioning/accounts.schema.json): at least two usagers per office and one person of each other role; or switch to mode "api" below.', 'accounts.json');
  const admin = endpoints.filter((endpoint) => endpoint.access === 'admin');
  if (admin.length > 0) {
    const header = admin.find((endpoint) => endpoint.adminHeader)?.adminHeader;
    notes.ask('provisioning.mode', `${admin.length} requests take an administration key${header ? ` (header ${header})` : ''}: ${admin.slice(0, 6).map(describe).join(', ')}. If they create people and documents, use provisioning mode "api" (tokenEnv, tokenHeader, usager, representant, agent, document) instead of an accounts file.`);
  }
  if (!lookup.some((request) => request.capture && ids.dossier in request.capture)) notes.ask('provisioning.lookup', `Which answer gives a signed-in person the id of their own ${ids.dossier}? Uploads need it.`);
  notes.ask('provisioning.lookup.representant', 'A representative uploads into the dossier of the person it represents: which request gives it that id?');
  return provisioning;
}
