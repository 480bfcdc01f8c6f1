import { request } from '@playwright/test';
import type { CloisonAdapter } from '../adapter/types';
import { TargetError } from '../errors';
import type { Profile, RequestTemplate } from '../profile/types';
import type { Person, Population, SeededDocument } from '../population/types';
import type { SeededLedger } from '../run/seeded';
import type { DocumentRecord } from '../run/state';
import { logOutSession } from '../sign-in/end-sessions';
import { loginThroughApi, writeHeaders } from '../sign-in/login';
import { mapLimit } from '../util/concurrency';
import type { Bindings } from '../util/template';
import { findPiece, readIds, type SignedIn } from './lookup';
import { documentValues, prefixed } from '../population/template-values';
import { NO_LEDGER, type Provisioned } from './provision';
import { sendTemplate } from '../transport/send-template';

/**
 * `accounts` mode: the people exist already. Each one signs in, the ids the portal gave them are
 * read back through the lookup, and each usager uploads their own documents (generated from the
 * seed, canaries namespaced by run id) as themselves, with their CSRF token.
 */
export async function provisionFromAccounts(
  baseURL: string,
  profile: Profile,
  population: Population,
  adapter: CloisonAdapter,
  ledger: SeededLedger = NO_LEDGER,
): Promise<Provisioned> {
  const provisioning = profile.provisioning;
  if (provisioning.mode !== 'accounts') throw new TargetError(`profile ${profile.name}: provisioning mode "${provisioning.mode}" is not accounts`);
  const bindingsOf = new Map<string, Bindings>();
  const documents: DocumentRecord[] = [];

  await mapLimit(population.people, 4, async (person: Person) => {
    const api = await request.newContext({ baseURL });
    let headers: Record<string, string> | undefined;
    try {
      headers = await loginThroughApi(api, profile, person, { adapter, baseURL }, { pending: true });
      const session: SignedIn = { api, baseURL, headers };
      const bindings = await readIds(session, profile, person, adapter);
      bindingsOf.set(person.key, bindings);
      const own = population.documents.filter((document) => document.ownerKey === person.key);
      if (own.length === 0) return;
      const writer: SignedIn = { ...session, headers: await writeHeaders(api, profile, headers) };
      for (const document of own) {
        const record = await uploadAsOwner(writer, profile, provisioning.document, document, bindings, adapter);
        // The people existed before the run and stay; what they uploaded for it goes at its end.
        ledger.created({ kind: 'document', key: record.key, ownerKey: record.ownerKey, bindings: record.bindings });
        documents.push(record);
      }
    } finally {
      // The provisioning session is not the one the checks use: left open, it would outlive the run.
      if (headers) await logOutSession(api, profile, headers, `provisioning logout of ${person.key}`).catch(() => undefined);
      await api.dispose();
    }
  });

  const order = new Map(population.documents.map((document, index) => [document.key, index]));
  documents.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  const people = population.people.map(({ password: _password, ...person }) => ({ ...person, bindings: bindingsOf.get(person.key) ?? {} }));
  return { people, documents };
}

async function uploadAsOwner(
  session: SignedIn,
  profile: Profile,
  template: RequestTemplate,
  document: SeededDocument,
  owner: Bindings,
  adapter: CloisonAdapter,
): Promise<DocumentRecord> {
  let captured: Bindings;
  if (adapter.uploadDocument) {
    captured = await adapter.uploadDocument({ profile, baseURL: session.baseURL, api: session.api, document, owner, headers: session.headers });
  } else {
    const file = { name: document.fileName, mimeType: document.mime, buffer: Buffer.from(document.bytes) };
    const values = { ...documentValues(document), ...prefixed('owner', owner) };
    ({ captured } = await sendTemplate(session.api, template, values, { what: `uploading ${document.key} as its owner`, headers: session.headers, file, field: 'provisioning.document' }));
  }
  return { ...recordOf(document), bindings: { ...owner, ...captured, ...(await pieceIdsIfMissing(session, profile, document, owner, captured)) } };
}

/** When the upload answer did not give the pièce id, the profile's list lookup must. */
export async function pieceIdsIfMissing(session: SignedIn, profile: Profile, document: SeededDocument, owner: Bindings, captured: Bindings): Promise<Bindings> {
  if (captured[profile.ids.piece] !== undefined) return {};
  const provisioning = profile.provisioning;
  const lookup = provisioning.mode === 'api' ? undefined : provisioning.pieces;
  if (!lookup) {
    throw new TargetError(
      `uploading ${document.key}: the answer gave no {${profile.ids.piece}} and the profile has no provisioning.pieces to read it from a list`,
    );
  }
  return findPiece(session, lookup, document, owner);
}

export function recordOf(document: SeededDocument): Omit<DocumentRecord, 'bindings'> {
  const { bytes: _bytes, ...record } = document;
  return record;
}
