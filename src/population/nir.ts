/**
 * NIR-shaped identifiers (numéro d'inscription au répertoire, "numéro de sécurité sociale").
 * Synthetic people need a NIR that passes the portal's key check, or seeding fails; the values are
 * built from fake data and are not meant to match any real person.
 *
 * Layout: sex(1) YY(2) MM(2) département(2) commune(3) ordre(3) clé(2) = 15 characters.
 */

export interface NirInput {
  sex: 1 | 2;
  /** YYYY-MM-DD */
  dateNaissance: string;
  /** MDPH code: `075`, `013`, `2A`, `2B`, `971`... */
  mdph: string;
  /** 1..999 */
  commune: number;
  /** 1..999, rank of the birth in the commune's register that month */
  ordre: number;
}

const NIR_SHAPE = /^[12]\d{4}(?:\d{2}|2A|2B)\d{8}$/;

/**
 * The NIR's département and the first digit of its commune code for an MDPH code. Overseas
 * départements (971...) use 97 and carry their third digit into the commune code.
 */
export function nirDepartement(mdph: string): { dept: string; communePrefix?: string } {
  if (mdph === '2A' || mdph === '2B') return { dept: mdph };
  const overseas = /^97([1-6])$/.exec(mdph);
  if (overseas) return { dept: '97', communePrefix: overseas[1] };
  const metro = /^0(\d\d)$/.exec(mdph);
  if (metro?.[1] && metro[1] !== '00' && metro[1] !== '20') return { dept: metro[1] };
  throw new Error(`NIR: unsupported MDPH code ${JSON.stringify(mdph)}`);
}

/** Key = 97 - (n mod 97), n being the 13 first characters with 2A→19 and 2B→18 for Corsica. */
export function nirKey(first13: string): string {
  const dept = first13.slice(5, 7);
  const digits = first13.slice(0, 5) + (dept === '2A' ? '19' : dept === '2B' ? '18' : dept) + first13.slice(7);
  if (!/^\d{13}$/.test(digits)) throw new Error(`NIR: expected 13 characters, got ${JSON.stringify(first13)}`);
  // 13 digits stay below 2^53: plain numbers are exact here.
  return String(97 - (Number(digits) % 97)).padStart(2, '0');
}

export function makeNir(input: NirInput): string {
  const m = /^\d\d(\d\d)-(\d\d)-\d\d$/.exec(input.dateNaissance);
  if (!m?.[1] || !m[2]) throw new Error(`NIR: dateNaissance must be YYYY-MM-DD, got ${JSON.stringify(input.dateNaissance)}`);
  const { dept, communePrefix } = nirDepartement(input.mdph);
  const communeMax = communePrefix ? 99 : 999;
  for (const [field, value, max] of [['commune', input.commune, communeMax], ['ordre', input.ordre, 999]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`NIR: ${field} must be 1..${max}, got ${value}`);
  }
  const commune = (communePrefix ?? '') + String(input.commune).padStart(communePrefix ? 2 : 3, '0');
  const first13 = `${input.sex}${m[1]}${m[2]}${dept}${commune}${String(input.ordre).padStart(3, '0')}`;
  return first13 + nirKey(first13);
}

export function nirKeyIsValid(nir: string): boolean {
  return NIR_SHAPE.test(nir) && nirKey(nir.slice(0, 13)) === nir.slice(13);
}
