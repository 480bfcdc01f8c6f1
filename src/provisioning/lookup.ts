import type { APIRequestContext } from '@playwright/test';
import type { CloisonAdapter } from '../adapter/types';
import { TargetError } from '../errors';
import type { PieceLookup, Profile } from '../profile/types';
import type { Person, SeededDocument } from '../population/types';
import { readPath, type Bindings } from '../util/template';
import { documentValues, personValues, prefixed } from '../population/template-values';
import { sendTemplate } from '../transport/send-template';

export interface SignedIn {
  api: APIRequestContext;
  baseURL: string;
  /** Session headers (bearer), plus the CSRF header when writing. Secrets. */
  headers: Record<string, string>;
}

/**
 * The ids a portal gave a signed-in person (usagerId, dossierId, dossierNumero...), read as that
 * person: through the adapter's `readIds`, else `provisioning.lookup.<role>` in order, each
 * template's capture feeding the next.
 */
export async function readIds(session: SignedIn, profile: Profile, person: Person, adapter: CloisonAdapter): Promise<Bindings> {
  if (adapter.readIds) return adapter.readIds({ profile, baseURL: session.baseURL, api: session.api, person, headers: session.headers });
  const provisioning = profile.provisioning;
  const templates = provisioning.mode === 'api' ? [] : (provisioning.lookup?.[person.role] ?? []);
  let bindings: Bindings = {};
  for (const template of templates) {
    const { captured } = await sendTemplate(session.api, template, { ...personValues(person), ...bindings }, { what: `reading the ids of ${person.key}`, headers: session.headers });
    bindings = { ...bindings, ...captured };
  }
  return bindings;
}

/** A pièce's ids from a list answer: the item whose `match` field holds the document's canary. */
export async function findPiece(session: SignedIn, lookup: PieceLookup, document: SeededDocument, owner: Bindings): Promise<Bindings> {
  const what = `finding the ids of ${document.key}`;
  const { response } = await sendTemplate(session.api, lookup.request, { ...documentValues(document), ...prefixed('owner', owner) }, { what, headers: session.headers });
  const answer: unknown = await response.json().catch(() => undefined);
  const items = lookup.items ? readPath(answer, lookup.items) : answer;
  if (!Array.isArray(items)) throw new TargetError(`${what}: ${lookup.request.path} did not answer a list${lookup.items ? ` at "${lookup.items}"` : ''}`);
  const item: unknown = items.find((candidate: unknown) => {
    const field = readPath(candidate, lookup.match);
    return typeof field === 'string' && field.includes(document.canary);
  });
  if (item === undefined) throw new TargetError(`${what}: no item of ${lookup.request.path} has the canary in "${lookup.match}": the upload did not land`);
  const captured: Bindings = {};
  for (const [name, path] of Object.entries(lookup.capture)) {
    const value = readPath(item, path);
    if (typeof value !== 'string' && typeof value !== 'number') throw new TargetError(`${what}: the listed item has no "${path}" to keep as {${name}}`);
    captured[name] = value;
  }
  return captured;
}
