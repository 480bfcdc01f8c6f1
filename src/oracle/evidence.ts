/** One marker found in a response: the proof of a leak. */
export interface Evidence {
  /** reference: an id the portal gave one person's object (a dossier number), matched verbatim.
   * identity: a person's full name beside their birth date. address: a full postal address.
   * content: a marker only the seeded file's content holds (never in a name, title or URL). */
  kind: 'canary' | 'content' | 'sha256' | 'email' | 'nir' | 'identity' | 'address' | 'reference';
  /** The marker value (canaries, hashes, e-mails and NIR are synthetic, so safe to show). */
  value: string;
  ownerKey: string;
  documentKey?: string;
  /** Where it was found: `body`, `header:content-disposition`, `zip:<entry>`, `pdf:stream`, `png:tEXt`… */
  location: string;
}
