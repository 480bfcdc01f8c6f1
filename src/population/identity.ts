import { createHash } from 'node:crypto';
import { Faker, base, fr } from '@faker-js/faker';
import { nirDepartement } from './nir';

/** Reference "today" for ages: a fixed date, never the clock, so a seed means the same people forever. */
export const REFERENCE_DATE = new Date(Date.UTC(2026, 0, 1));

/**
 * One Faker (fr, falling back to base) reseeded per person from (seed, key). Each person therefore
 * depends only on the seed and their own key: adding usagers or changing the run id never changes
 * anyone already in the population.
 */
export class PeopleFaker {
  private readonly faker = new Faker({ locale: [fr, base] });

  constructor(private readonly seed: number) {}

  for(key: string): Faker {
    const digest = createHash('sha256').update(`cloison-person-v1:${this.seed}:${key}`).digest();
    this.faker.seed(Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4)));
    return this.faker;
  }
}

export interface Civil {
  sex: 1 | 2;
  prenom: string;
  nom: string;
  dateNaissance: string;
}

export function civil(f: Faker, ages: { min: number; max: number }, nom?: string): Civil {
  const sexType = f.person.sexType();
  const birth = f.date.birthdate({ mode: 'age', min: ages.min, max: ages.max, refDate: REFERENCE_DATE });
  return {
    sex: sexType === 'male' ? 1 : 2,
    prenom: f.person.firstName(sexType),
    nom: nom ?? f.person.lastName(),
    dateNaissance: birth.toISOString().slice(0, 10),
  };
}

/** A French postal address whose code matches the MDPH's département (Paris: arrondissements). */
export function adresse(f: Faker, mdph: string): string {
  const street = f.location.streetAddress();
  const { dept, communePrefix } = nirDepartement(mdph);
  if (dept === '75') return `${street}, 750${String(f.number.int({ min: 1, max: 20 })).padStart(2, '0')} Paris`;
  let code: string;
  if (dept === '2A') code = `20${String(f.number.int({ min: 0, max: 190 })).padStart(3, '0')}`;
  else if (dept === '2B') code = `20${f.number.int({ min: 200, max: 620 })}`;
  else if (communePrefix) code = `97${communePrefix}${String(f.number.int({ min: 0, max: 99 })).padStart(2, '0')}`;
  else code = `${dept}${String(f.number.int({ min: 0, max: 999 })).padStart(3, '0')}`;
  return `${street}, ${code} ${f.location.city()}`;
}
