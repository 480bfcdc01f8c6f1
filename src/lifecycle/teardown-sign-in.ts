import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from '@playwright/test';
import { loadAdapter } from '../adapter/load';
import { loadPopulationSpec } from '../population/spec';
import { populationOf } from '../provisioning/population';
import { loginThroughApi } from '../sign-in/login';
import { runDir } from '../run/state';
import type { Target } from '../run/target';
import type { OwnerSession } from './teardown';

/**
 * Signs one of the run's people in for a delete sent as the owner, when the run ended before it
 * saved their session. The session is saved with the run's fresh sessions, so that the end of
 * the run logs it out like any other (sign-in/end-sessions.ts).
 */
export async function signInForTeardown(target: Target, key: string): Promise<OwnerSession> {
  const { settings, profile, baseURL } = target;
  const spec = loadPopulationSpec(settings.populationFile, { seed: settings.seed, runId: settings.runId, people: profile.people });
  const person = (await populationOf(profile, settings, spec)).people.find((candidate) => candidate.key === key);
  if (!person) throw new Error(`${key} is not in the run's population`);
  const api = await request.newContext({ baseURL });
  const headers = await loginThroughApi(api, profile, person, { adapter: await loadAdapter(profile), baseURL }, { pending: true });
  const folder = join(runDir(settings.runId), 'fresh-sessions');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(join(folder, `teardown-${key}.json`), JSON.stringify({ ...(await api.storageState()), headers }), { mode: 0o600 });
  return { api, headers };
}
