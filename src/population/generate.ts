import { makeEmail, makePassword } from './credentials';
import { PeopleFaker, adresse, civil } from './identity';
import { agentKey, representativeKey, usagerKey } from './keys';
import { makeNir } from './nir';
import { makeDocuments } from './pieces';
import type { Person, Population, PopulationSpec, SeededDocument } from './types';
import { validatePopulationSpec } from './validate';

const ADULT = { min: 20, max: 78 };
const CHILD = { min: 3, max: 16 };
const STAFF = { min: 25, max: 62 };
const PARENT = { min: 30, max: 55 };

/**
 * Usager i of each MDPH is a child when i % 3 === 0 (AEEH dossiers exist and are common), so the
 * first usager of the first MDPH, the one with a representative, is a minor with a représentant
 * légal.
 */
const isChild = (index: number): boolean => index % 3 === 0;

/**
 * The population of a run: deterministic in `spec` (same spec → byte-identical people and
 * documents). `runId` only namespaces e-mails and canaries: the same seed gives the same names.
 */
export async function generatePopulation(spec: PopulationSpec): Promise<Population> {
  validatePopulationSpec(spec);
  const frozen = structuredClone(spec);
  const people = new PeopleFaker(spec.seed);
  const person = (key: string, base: Omit<Person, 'key' | 'email' | 'password'>): Person => ({
    key,
    ...base,
    email: makeEmail(base.prenom, base.nom, spec.runId, key, spec.emailDomain),
    password: makePassword(key),
  });

  const usagers: Person[] = [];
  for (const mdph of spec.mdph) {
    for (let i = 0; i < spec.usagersPerMdph; i++) {
      const key = usagerKey(mdph, i);
      const f = people.for(key);
      const c = civil(f, isChild(i) ? CHILD : ADULT);
      const nir = makeNir({ sex: c.sex, dateNaissance: c.dateNaissance, mdph, commune: f.number.int({ min: 1, max: mdph.startsWith('97') ? 99 : 999 }), ordre: f.number.int({ min: 1, max: 999 }) });
      usagers.push(person(key, { role: 'usager', prenom: c.prenom, nom: c.nom, dateNaissance: c.dateNaissance, nir, adresse: adresse(f, mdph), mdph }));
    }
  }

  const firstMdph = usagers.filter((u) => u.mdph === spec.mdph[0]);
  const representatives = Array.from({ length: spec.representatives }, (_, i) => {
    const represented = firstMdph[i];
    if (!represented) throw new Error(`generatePopulation: no usager for representative ${i + 1}`);
    const key = representativeKey(i);
    // A minor's représentant légal is a parent, who usually shares the child's nom.
    const c = isChild(i) ? civil(people.for(key), PARENT, represented.nom) : civil(people.for(key), ADULT);
    return person(key, { role: 'representant', prenom: c.prenom, nom: c.nom, dateNaissance: c.dateNaissance, mdph: represented.mdph, represents: represented.key });
  });

  const agents = spec.mdph.flatMap((mdph) =>
    Array.from({ length: spec.agentsPerMdph }, (_, i) => {
      const key = agentKey(mdph, i);
      const c = civil(people.for(key), STAFF);
      return person(key, { role: 'agent', prenom: c.prenom, nom: c.nom, dateNaissance: c.dateNaissance, mdph });
    }),
  );

  const documents: SeededDocument[] = [];
  for (const u of usagers) documents.push(...(await makeDocuments(people.for(`${u.key}#pieces`), frozen, u)));

  return { spec: frozen, people: [...usagers, ...representatives, ...agents], documents };
}
