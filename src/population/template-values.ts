import type { Person, SeededDocument } from './types';
import type { Bindings } from '../util/template';

/**
 * The values a profile's request templates may name for a person or a document (`{email}`,
 * `{owner.id}`): provisioning, sign-in and teardown fill their templates from the same ones.
 */
export function personValues(person: Person): Bindings {
  return {
    key: person.key,
    role: person.role,
    prenom: person.prenom,
    nom: person.nom,
    dateNaissance: person.dateNaissance,
    nir: person.nir,
    email: person.email,
    password: person.password,
    adresse: person.adresse,
    mdph: person.mdph,
  };
}

export function documentValues(document: SeededDocument): Bindings {
  return { key: document.key, type: document.type, titre: document.titre, fileName: document.fileName, mime: document.mime, canary: document.canary };
}

export function prefixed(prefix: string, bindings: Bindings): Bindings {
  return Object.fromEntries(Object.entries(bindings).map(([name, value]) => [`${prefix}.${name}`, value]));
}
