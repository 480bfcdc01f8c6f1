import { request } from '@playwright/test';
import { generatePopulation } from '../population/generate';
import { loadPopulationSpec } from '../population/spec';
import { provisionThroughApi } from '../provisioning/provision';
import { RunContext } from '../run/context';
import { seededRunState, writeRunState } from '../run/state';
import { resolveTarget } from '../run/target';
import { signInEveryone } from '../sign-in/everyone';
import type { BenchPortal } from './portal';

/**
 * What the setup project does (tests/setup/provision.setup.ts), outside Playwright Test: seed the
 * population through the provisioning API, sign everyone in, save the sessions and the run state.
 */
export async function seedRun(portal: Pick<BenchPortal, 'baseURL' | 'token' | 'tokenEnv'>, populationFile: string): Promise<RunContext> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLOISON_BASE_URL: portal.baseURL,
    CLOISON_POPULATION: populationFile,
    [portal.tokenEnv]: portal.token,
  };
  delete env.CLOISON_RUN_ID;
  const target = resolveTarget(env);
  const { settings, profile, baseURL } = target;
  const spec = loadPopulationSpec(settings.populationFile, { seed: settings.seed, runId: settings.runId, people: profile.people });
  const population = await generatePopulation(spec);

  const provisioner = await request.newContext({ baseURL });
  const provisioned = await provisionThroughApi(provisioner, profile, population, env).finally(() => provisioner.dispose());

  const sessions = await signInEveryone({ profile, baseURL, runId: settings.runId, people: population.people, bindings: new Map(provisioned.people.map((person) => [person.key, person.bindings])) });

  const state = seededRunState(target, spec, { people: provisioned.people, documents: provisioned.documents, sessions });
  writeRunState(state);
  return new RunContext(target, state);
}
