import type { ReadOnlyRequest, RouteSpec, WriteRoute } from '../profile/schema';
import { readOnlyDeclaration } from '../profile/read-only';
import type { Endpoint } from './endpoints';
import type { DraftNotes } from './draft-notes';

/**
 * `readOnly`: the personal requests the recording says only read although sent as POST (a search,
 * a GraphQL query), so that discovery and substitution replay them as other people. A route
 * already declares its own request; a request a drafted write matches is never one.
 */
export function draftReadOnly(personal: readonly Endpoint[], routes: RouteSpec[], writes: readonly WriteRoute[], notes: DraftNotes): ReadOnlyRequest[] {
  const drafted: ReadOnlyRequest[] = [];
  const reasons: string[] = [];
  for (const endpoint of personal) {
    if (endpoint.readOnly === undefined) continue;
    const entry: ReadOnlyRequest = { method: endpoint.method, path: endpoint.path };
    const sample = { method: endpoint.method, url: endpoint.path.replace(/\{[^}]*\}/g, '1') };
    if (readOnlyDeclaration({ routes, readOnly: [] }, sample) !== undefined) continue;
    if (writes.some((write) => readOnlyDeclaration({ routes: [], readOnly: [entry] }, { method: write.request.method, url: write.request.path.replace(/\{[^}]*\}/g, '1') }) !== undefined)) continue;
    drafted.push(entry);
    reasons.push(`${entry.method} ${entry.path} (${endpoint.readOnly})`);
  }
  if (drafted.length > 0) notes.decisions.push(`readOnly: ${reasons.join('; ')}: replayed as other people; remove any that creates, sends or deletes something`);
  return drafted;
}
