import { request, type Browser } from '@playwright/test';
import { loadAdapter } from '../../adapter/load';
import { TargetError } from '../../errors';
import { makeEmail, makePassword } from '../../population/credentials';
import { makeNir } from '../../population/nir';
import { makeDocuments } from '../../population/pieces';
import type { Person } from '../../population/types';
import { provisionThroughApi } from '../../provisioning/provision';
import { RunContext } from '../../run/context';
import { seededLedger } from '../../run/seeded';
import type { Ledger } from '../../session/ledger';
import { FreshSessions } from '../../checks/sessions/fresh-sessions';
import { sessionWiring } from '../../checks/sessions/wiring';

const ADULT = { min: 20, max: 78 };

/**
 * A usager provisioned for one lifecycle check alone, with one document: its password is changed,
 * its account disabled or its role revoked, which would end the sessions the setup saved for the
 * people every other check uses. `run` is the run with this person added, so the oracle knows its
 * markers (its own document read by a dead session is the proof) and the policy knows it.
 */
export interface SpareAccount {
  key: string;
  run: RunContext;
  /** Sessions of this run (the spare's logins), all ended when the check ends. */
  sessions: FreshSessions;
}

export interface SpareWiring {
  run: RunContext;
  ledger: Ledger;
  browser: Browser;
  env: NodeJS.ProcessEnv;
}

/**
 * Provisions the spare through the profile's provisioning API, as the setup provisions everyone,
 * and records it in the run's seeded ledger: the run's teardown removes it with the rest (it is
 * never signed in as an owner again, so a teardown through the provisioning token is what works).
 * `label` makes the key: [a-z0-9], one spare per check and run.
 */
export async function provisionSpare(wiring: SpareWiring, label: string): Promise<SpareAccount> {
  const { run, ledger } = wiring;
  const profile = run.profile;
  if (profile.provisioning.mode !== 'api') throw new TargetError(`profile ${profile.name}: the lifecycle checks provision a throw-away usager, which needs provisioning.mode "api"`, { field: 'lifecycle' });
  const key = `lc${label}`;
  if (run.state.people.some((person) => person.key === key)) throw new Error(`run ${run.state.runId} already has a person "${key}"`);
  const mdph = run.usagers()[0]?.mdph;
  if (!mdph) throw new Error(`run ${run.state.runId} has no usager: a throw-away usager joins the first one's MDPH`);
  const spec = { ...run.state.spec, piecesPerUsager: { min: 1, max: 1 } };
  // Loaded here, not with the module: every spec's worker imports this file through the fixtures,
  // and faker (the whole package with every locale, about 90 modules) cost each worker start, one
  // per failed test, about 0.3 s of CPU; only the lifecycle checks make a person.
  const { adresse, civil, PeopleFaker } = await import('../../population/identity');
  const faker = new PeopleFaker(spec.seed);
  const f = faker.for(key);
  const c = civil(f, ADULT);
  const person: Person = {
    key,
    role: 'usager',
    prenom: c.prenom,
    nom: c.nom,
    dateNaissance: c.dateNaissance,
    nir: makeNir({ sex: c.sex, dateNaissance: c.dateNaissance, mdph, commune: f.number.int({ min: 1, max: mdph.startsWith('97') ? 99 : 999 }), ordre: f.number.int({ min: 1, max: 999 }) }),
    adresse: adresse(f, mdph),
    mdph,
    email: makeEmail(c.prenom, c.nom, spec.runId, key, spec.emailDomain),
    password: makePassword(key),
  };
  ledger.redaction.addSecrets([person.password]);
  const documents = await makeDocuments(faker.for(`${key}#pieces`), spec, person);
  const api = await request.newContext({ baseURL: run.target.baseURL });
  try {
    const provisioned = await provisionThroughApi(api, profile, { spec, people: [person], documents }, wiring.env, {
      adapter: await loadAdapter(profile),
      baseURL: run.target.baseURL,
      ledger: seededLedger(run.state.runId),
    });
    const spareRun = new RunContext(run.target, {
      ...run.state,
      people: [...run.state.people, ...provisioned.people],
      documents: [...run.state.documents, ...provisioned.documents],
    });
    return { key, run: spareRun, sessions: new FreshSessions(sessionWiring({ run: spareRun, browser: wiring.browser, ledger })) };
  } finally {
    await api.dispose();
  }
}

/**
 * The spares a test provisioned, whose sessions are all ended when the test ends, whatever failed
 * before (the spareAccounts fixture); the accounts themselves go with the run's teardown.
 */
export class SpareAccounts {
  private readonly spares: SpareAccount[] = [];

  track(spare: SpareAccount): SpareAccount {
    this.spares.push(spare);
    return spare;
  }

  async disposeAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const spare of this.spares.splice(0).reverse()) await spare.sessions.disposeAll().catch((error: unknown) => void failures.push(error));
    if (failures.length > 0) throw failures[0];
  }
}
