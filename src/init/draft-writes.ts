import type { Profile, WriteRoute } from '../profile/schema';
import { pathParams, type Endpoint, type Field } from './endpoints';
import { CSRF } from './draft-csrf';
import { bindingName, renameParams } from './draft-names';
import type { DraftNotes } from './draft-notes';

const DOCUMENT_VALUES = ['type', 'titre', 'fileName', 'mime'];

/** Writes: the upload into a folder, and the rename, replace and delete of one document. */
export function draftWrites(personal: readonly Endpoint[], ids: Profile['ids'], csrfField: string | undefined, notes: DraftNotes): WriteRoute[] {
  const writes = writesOf(personal, ids, csrfField);
  if (writes.length > 0) notes.decisions.push(`writes: ${writes.map((write) => `${write.action} ${write.request.method} ${write.request.path}`).join('; ')}`);
  return writes;
}

function writesOf(personal: readonly Endpoint[], ids: Profile['ids'], csrfField: string | undefined): WriteRoute[] {
  const lastIs = (endpoint: Endpoint, binding: string): boolean => {
    const params = pathParams(endpoint.path).map(bindingName);
    return params.at(-1) === binding && params.every((param) => param === ids.piece || param === ids.dossier);
  };
  const binary = (endpoint: Endpoint): Field | undefined => endpoint.body?.fields.find((field) => field.format === 'binary');
  const kept = (endpoint: Endpoint): Field[] => (endpoint.body?.fields ?? []).filter((field) => field.name !== csrfField && !CSRF.test(field.name));
  const writes: WriteRoute[] = [];
  const uploads = personal.filter((endpoint) => endpoint.method === 'POST' && endpoint.body?.type === 'multipart' && binary(endpoint) && lastIs(endpoint, ids.dossier));
  // The API's upload answers the new document; a page's form answers a redirect.
  const upload = uploads.find((endpoint) => endpoint.answer?.kind === 'json-object') ?? uploads[0];
  if (upload) {
    const multipart = Object.fromEntries(
      kept(upload).map((field) => [field.name, field.format === 'binary' ? '@file' : DOCUMENT_VALUES.includes(field.name) ? `{${field.name}}` : field.enum ? '{type}' : '{titre}']),
    );
    const idField = upload.answer?.fields.find((field) => field.name === 'id');
    writes.push({
      name: 'upload',
      action: 'upload',
      object: 'dossier',
      request: { method: 'POST', path: renameParams(upload.path), multipart, ...(idField ? { capture: { [ids.piece]: idField.name } } : {}) },
      ownerFields: { [ids.dossier]: ids.dossier, [ids.usager]: ids.usager },
    });
  }
  const rename = personal.find((endpoint) => endpoint.method === 'PATCH' && endpoint.body?.type === 'json' && lastIs(endpoint, ids.piece) && kept(endpoint).some((field) => field.type === 'string'));
  const renamed = rename && kept(rename).find((field) => field.type === 'string');
  if (rename && renamed) writes.push({ name: 'rename', action: 'rename', object: 'piece', request: { method: 'PATCH', path: renameParams(rename.path), json: { [renamed.name]: '{titre}' } } });
  const replace = personal.find((endpoint) => (endpoint.method === 'PUT' || endpoint.method === 'POST') && endpoint.body?.type === 'multipart' && binary(endpoint) && lastIs(endpoint, ids.piece));
  const replaced = replace && binary(replace);
  if (replace && replaced) writes.push({ name: 'replace', action: 'replace', object: 'piece', request: { method: replace.method, path: renameParams(replace.path), multipart: { [replaced.name]: '@file' } } });
  const remove = personal.find((endpoint) => endpoint.method === 'DELETE' && lastIs(endpoint, ids.piece));
  if (remove) writes.push({ name: 'delete', action: 'delete', object: 'piece', request: { method: 'DELETE', path: renameParams(remove.path) } });
  return writes;
}
