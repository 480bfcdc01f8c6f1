/** Naming rules for people, documents and canaries: one place, so every module agrees. */

/** MDPH code as written inside keys: always 3 characters, [a-z0-9] (`075`, `02a`, `971`). */
export function mdphKeyPart(mdph: string): string {
  return mdph.toLowerCase().padStart(3, '0');
}

/** 0 → a, 25 → z, 26 → aa ... (bijective base 26). */
export function letters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    n -= 1;
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  }
  return out;
}

export const usagerKey = (mdph: string, index: number): string => `u${mdphKeyPart(mdph)}${letters(index)}`;
/** First agent `agent075`, then `agent075b`, `agent075c`... */
export const agentKey = (mdph: string, index: number): string => `agent${mdphKeyPart(mdph)}${index === 0 ? '' : letters(index)}`;
export const representativeKey = (index: number): string => `rep${index + 1}`;
export const documentKey = (ownerKey: string, n: number): string => `${ownerKey}-d${n}`;

/** `CLSN-<RUNID>-<OWNERKEY>-<n>`: the run id keeps runs apart, the owner key makes attribution trivial. */
export function canary(runId: string, ownerKey: string, n: number): string {
  return `CLSN-${runId}-${ownerKey.toUpperCase()}-${n}`;
}

/** `CLSNC-<RUNID>-<OWNERKEY>-<n>`: written only inside the document's bytes, never in its title or
 * file name, so it can never travel in a URL: where it shows, the content itself was served. */
export function contentMarker(runId: string, ownerKey: string, n: number): string {
  return `CLSNC-${runId}-${ownerKey.toUpperCase()}-${n}`;
}
