/**
 * What identifies a seeded person in an answer that names them without a planted marker: the exact
 * e-mail, the NIR (with or without its key), a name beside its owner's birth date, a postal address.
 * A value two people share is evidence of neither, so it is left out.
 */
import { foldToAscii } from '../artifacts/ascii';

export interface MarkerPersonInput {
  key: string;
  /** Exact address, whatever its domain (accounts files carry real staging addresses). */
  email: string;
  nir?: string;
  prenom?: string;
  nom?: string;
  /** YYYY-MM-DD */
  dateNaissance?: string;
  /** One line, `<street>, <postal code> <city>`. */
  adresse?: string;
}

/** A person as a page names them: each name in the spellings a body may carry (lower case; as
 * typed, as UTF-8 bytes read as latin1, folded to ASCII). */
export interface PersonNames {
  ownerKey: string;
  /** `Prénom NOM, YYYY-MM-DD`: what a finding shows. */
  value: string;
  prenom: readonly string[];
  nom: readonly string[];
}

/** A postal address, recognised by its street line near its postal code. */
export interface PostalAddress {
  ownerKey: string;
  value: string;
  /** The street line, lower case, letters and digits only, in each spelling a body may carry. */
  street: readonly string[];
}

export interface PersonMarkers {
  emails: Map<string, { ownerKey: string }>;
  nirs: Map<string, { ownerKey: string; nir: string }>;
  birthDates: Map<string, PersonNames[]>;
  addresses: Map<string, PostalAddress[]>;
}

export function canonicalNir(raw: string): string {
  return raw.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

/** What identifies each seeded person: e-mail, NIR, name with birth date, postal address. */
export function personMarkers(people: readonly MarkerPersonInput[]): PersonMarkers {
  const emails = new Map<string, { ownerKey: string }>();
  const nirs = new Map<string, { ownerKey: string; nir: string }>();
  const birthDates = new Map<string, PersonNames[]>();
  const addresses = new Map<string, PostalAddress[]>();
  for (const person of people) {
    emails.set(person.email.toLowerCase(), { ownerKey: person.key });
    if (person.prenom && person.nom && person.dateNaissance && /^\d{4}-\d{2}-\d{2}$/.test(person.dateNaissance)) {
      const names: PersonNames = {
        ownerKey: person.key,
        value: `${person.prenom} ${person.nom.toUpperCase()}, ${person.dateNaissance}`,
        prenom: spellings(person.prenom),
        nom: spellings(person.nom),
      };
      addUnique(birthDates, person.dateNaissance, names, sameName);
    }
    const address = person.adresse ? postalAddress(person.key, person.adresse) : undefined;
    if (address) addUnique(addresses, address.code, address.address, sameStreet);
    if (person.nir) {
      const nir = canonicalNir(person.nir);
      nirs.set(nir, { ownerKey: person.key, nir });
      if (nir.length === 15) nirs.set(nir.slice(0, 13), { ownerKey: person.key, nir });
    }
  }
  return { emails, nirs, birthDates: unambiguous(birthDates, sameName), addresses: unambiguous(addresses, sameStreet) };
}

/** Adds `value` under `key`. Equal values of two people are dropped at the end by `unambiguous`. */
function addUnique<T extends { ownerKey: string }>(map: Map<string, T[]>, key: string, value: T, same: (a: T, b: T) => boolean): void {
  const list = map.get(key) ?? [];
  if (!list.some((other) => other.ownerKey === value.ownerKey && same(other, value))) list.push(value);
  map.set(key, list);
}

/** What two people share (one name and birth date, one address) is evidence of neither. */
function unambiguous<T extends { ownerKey: string }>(map: Map<string, T[]>, same: (a: T, b: T) => boolean): Map<string, T[]> {
  for (const [key, list] of map) map.set(key, list.filter((one) => !list.some((other) => other !== one && other.ownerKey !== one.ownerKey && same(one, other))));
  return map;
}

const sameName = (a: PersonNames, b: PersonNames): boolean => a.prenom[0] === b.prenom[0] && a.nom[0] === b.nom[0];
const sameStreet = (a: PostalAddress, b: PostalAddress): boolean => a.street[0] === b.street[0];

/** Lower case, as typed, as UTF-8 read as latin1 (bodies are scanned as latin1), folded to ASCII. */
function spellings(name: string): string[] {
  const lower = name.normalize('NFC').toLowerCase();
  return [...new Set([lower, Buffer.from(lower, 'utf8').toString('latin1').toLowerCase(), foldToAscii(lower)])];
}

/** Letters and digits only, accents folded: `12, rue de l’Abbaye` and `12 RUE DE L'ABBAYE` compare equal. */
export function compactText(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[^a-z0-9]/g, '');
}

/** `<street>, <5-digit code> <city>` → the code and the street line; undefined for another shape. */
function postalAddress(ownerKey: string, adresse: string): { code: string; address: PostalAddress } | undefined {
  const match = /^(.*?),?\s*(\d{5})\s+\S/.exec(adresse.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const street = match[1];
  // A street line of a few letters (`1 rue A`) would match too much to be evidence.
  if (compactText(street).length < 8) return undefined;
  const spelled = [...new Set([compactText(street), compactText(Buffer.from(street, 'utf8').toString('latin1'))])];
  return { code: match[2], address: { ownerKey, value: adresse, street: spelled } };
}
