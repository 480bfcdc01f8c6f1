import type { APIRequestContext } from '@playwright/test';
import type { CloisonAdapter } from '../adapter/types';
import { TargetError } from '../errors';
import type { Profile } from '../profile/types';
import type { Person, Population, SeededDocument } from '../population/types';
import { documentValues, personValues, prefixed } from '../population/template-values';
import type { SeededLedger } from '../run/seeded';
import type { DocumentRecord, SeededPerson } from '../run/state';
import { mapLimit } from '../util/concurrency';
import type { Bindings } from '../util/template';
import { sendTemplate } from '../transport/send-template';

export interface Provisioned {
  people: SeededPerson[];
  documents: DocumentRecord[];
}

/**
 * Creates the population in the target through its provisioning API: usagers first (their ids
 * are needed by representatives and documents), then representatives and agents, then documents.
 */
export async function provisionThroughApi(
  api: APIRequestContext,
  profile: Profile,
  population: Population,
  env: NodeJS.ProcessEnv,
  hooks: { adapter: CloisonAdapter; baseURL: string; ledger?: SeededLedger } = { adapter: {}, baseURL: profile.baseURL },
): Promise<Provisioned> {
  const { adapter, baseURL, ledger = NO_LEDGER } = hooks;
  const provisioning = profile.provisioning;
  if (provisioning.mode !== 'api') throw new TargetError(`profile ${profile.name}: provisioning mode "${provisioning.mode}" is not the API`);
  const token = env[provisioning.tokenEnv];
  if (!token) throw new TargetError(`provisioning needs the token in ${provisioning.tokenEnv}, which is not set`);
  const headers = { [provisioning.tokenHeader]: token };
  const bindingsOf = new Map<string, Bindings>();

  const create = async (person: Person): Promise<void> => {
    const represented = person.represents ? bindingsOf.get(person.represents) : undefined;
    if (adapter.provisionPerson) {
      const bindings = await adapter.provisionPerson({ profile, baseURL, api, person, represented, headers });
      bindingsOf.set(person.key, bindings);
      ledger.created({ kind: 'person', role: person.role, key: person.key, bindings });
      return;
    }
    const template = provisioning[person.role === 'representant' ? 'representant' : person.role];
    if (!template) throw new TargetError(`profile ${profile.name} cannot provision a ${person.role} (provisioning.${person.role} is missing)`);
    const values = { ...personValues(person), ...prefixed('represented', represented ?? {}) };
    const { captured } = await sendTemplate(api, template, values, { what: `provisioning ${person.role} ${person.key}`, headers, field: `provisioning.${person.role}` });
    bindingsOf.set(person.key, captured);
    ledger.created({ kind: 'person', role: person.role, key: person.key, bindings: captured });
  };

  const usagers = population.people.filter((person) => person.role === 'usager');
  const others = population.people.filter((person) => person.role !== 'usager');
  await mapLimit(usagers, 4, create);
  await mapLimit(others, 4, create);

  const documents = await mapLimit(population.documents, 4, async (document: SeededDocument): Promise<DocumentRecord> => {
    const owner = bindingsOf.get(document.ownerKey) ?? {};
    const values = { ...documentValues(document), ...prefixed('owner', owner) };
    const file = { name: document.fileName, mimeType: document.mime, buffer: Buffer.from(document.bytes) };
    const { captured } = adapter.uploadDocument
      ? { captured: await adapter.uploadDocument({ profile, baseURL, api, document, owner, headers }) }
      : await sendTemplate(api, provisioning.document, values, { what: `provisioning document ${document.key}`, headers, file, field: 'provisioning.document' });
    const { bytes: _bytes, ...record } = document;
    const bindings = { ...owner, ...captured };
    ledger.created({ kind: 'document', key: document.key, ownerKey: document.ownerKey, bindings });
    return { ...record, bindings };
  });

  const people = population.people.map(({ password: _password, ...person }) => ({ ...person, bindings: bindingsOf.get(person.key) ?? {} }));
  return { people, documents };
}

/** Provisioning that nothing will tear down (a benchmark's throw-away portal). */
export const NO_LEDGER: SeededLedger = { created: () => undefined };
