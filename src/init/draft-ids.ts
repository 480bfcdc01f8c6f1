import type { Profile } from '../profile/schema';
import { pathParams, type Endpoint, type Evidence, type Param } from './endpoints';
import { bindingName } from './draft-names';
import type { DraftNotes } from './draft-notes';

/** Which path parameter is a document's id, which a folder's, and which name a person's id takes. */
export function draftIds(personal: readonly Endpoint[], evidence: Evidence, notes: DraftNotes): Profile['ids'] {
  const pieceScore = new Map<string, number>();
  const dossierScore = new Map<string, number>();
  const add = (scores: Map<string, number>, name: string, by: number): void => void scores.set(name, (scores.get(name) ?? 0) + by);
  for (const endpoint of personal) {
    const last = pathParams(endpoint.path).at(-1);
    if (!last || !endpoint.params.find((param) => param.in === 'path' && param.name === last)?.idLike) continue;
    const name = bindingName(last);
    const kind = endpoint.answer?.kind;
    if (endpoint.method === 'GET' && kind === 'file') add(pieceScore, name, 2);
    if (['PUT', 'PATCH', 'DELETE'].includes(endpoint.method)) add(pieceScore, name, 1);
    if (endpoint.method === 'GET' && (kind === 'json-array' || kind === 'archive')) add(dossierScore, name, 2);
    if (endpoint.method === 'POST' && endpoint.body?.fields.some((field) => field.format === 'binary')) add(dossierScore, name, 2);
  }
  const best = (scores: Map<string, number>, not?: string): string | undefined => [...scores].filter(([name]) => name !== not).sort((a, b) => b[1] - a[1])[0]?.[0];
  const piece = best(pieceScore);
  const dossier = best(dossierScore, piece);
  if (piece) notes.decisions.push(`document id: {${piece}} (routes that answer a file, or change or delete one thing)`);
  else notes.ask('ids.piece', 'Which parameter holds a document\'s id? None answers a file.', 'documentId');
  if (dossier) notes.decisions.push(`folder id: {${dossier}} (routes that list, export or receive uploads)`);
  else notes.ask('ids.dossier', 'Which parameter holds the id of a folder of documents (a case, a dossier)? None lists documents or receives uploads.', 'folderId');
  const personParam = personal
    .flatMap((endpoint) => endpoint.params)
    .find((param: Param) => param.in === 'query' && param.idLike && ![piece, dossier].includes(bindingName(param.name)));
  const usager = personParam ? bindingName(personParam.name) : 'userId';
  if (personParam) notes.decisions.push(`person id: {${usager}} (a query parameter naming someone)`);
  else if (!evidence.whoami) notes.ask('ids.usager', 'Which value is a person\'s id (the binding that holds it)?', usager);
  return { piece: piece ?? 'documentId', dossier: dossier ?? 'folderId', usager };
}
