import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from '@playwright/test';
import { test, expect } from '@playwright/test';
import { TargetError } from '../../src/errors';
import { generatePopulation } from '../../src/population/generate';
import { loadPopulationSpec } from '../../src/population/spec';
import { provisionThroughApi } from '../../src/provisioning/provision';
import { resolveTarget } from '../../src/run/target';
import { runDir, writeRunState } from '../../src/run/state';
import { loginThroughApi } from '../../src/session/login';
import { mapLimit } from '../../src/util/concurrency';
import { assertReachable } from '../../src/run/reachable';

test('seed the population and sign every identity in', async () => {
  const target = resolveTarget();
  const { settings, profile, baseURL } = target;

  await test.step(`target ${baseURL} answers`, () => assertReachable(baseURL));

  const spec = loadPopulationSpec(settings.populationFile, { seed: settings.seed, runId: settings.runId });
  const population = await generatePopulation(spec);

  const provisioner = await request.newContext({ baseURL });

  const provisioned = await test.step(`provision ${population.people.length} people and ${population.documents.length} documents`, () =>
    provisionThroughApi(provisioner, profile, population, process.env),
  );

  await provisioner.dispose();

  const sessionsDir = join(runDir(settings.runId), 'sessions');
  mkdirSync(sessionsDir, { recursive: true });
  const sessions: Record<string, string> = {};

  await test.step('sign every identity in and prove who it is', () =>
    mapLimit(population.people, 4, async (person) => {
      const api = await request.newContext({ baseURL });
      try {
        const headers = await loginThroughApi(api, profile, person);
        const file = join(sessionsDir, `${person.key}.json`);
        const state = await api.storageState();
        writeFileSync(file, JSON.stringify({ ...state, headers }));
        sessions[person.key] = file;
      } finally {
        await api.dispose();
      }
    }),
  );

  if (Object.keys(sessions).length !== population.people.length) throw new TargetError('not every identity could sign in');

  writeRunState({
    runId: settings.runId,
    seed: settings.seed,
    release: settings.release,
    profile: profile.name,
    baseURL,
    spec,
    people: provisioned.people,
    documents: provisioned.documents,
    sessions,
    createdAt: new Date().toISOString(),
  });
  expect(provisioned.documents).toHaveLength(population.documents.length);
});
