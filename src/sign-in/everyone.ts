import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, type APIRequestContext } from '@playwright/test';
import type { Profile } from '../profile/types';
import type { Person } from '../population/types';
import type { Bindings } from '../util/template';
import { runDir } from '../run/state';
import { mapLimit } from '../util/concurrency';
import { browserTokenItem, withBrowserToken } from './browser-token';
import { loginThroughApi, type IdentityWitness, type LoginHooks } from './login';

/**
 * Signs every person in through the API, proves who each session is, and saves each one (cookies,
 * the token where the profile's pages keep it, the headers a session must send) under the run's
 * folder. Returns person key → session file. The setup project and the benchmark seed alike.
 */
export async function signInEveryone(input: {
  profile: Profile;
  baseURL: string;
  runId: string;
  people: readonly Person[];
  hooks?: LoginHooks;
  /** The ids each person was given (provisioning), for a whoami that proves the session by one of them. */
  bindings?: ReadonlyMap<string, Bindings>;
  /** Who else was seeded, and where a whoami answered with another person's identity is reported. */
  witness?: IdentityWitness;
}): Promise<Record<string, string>> {
  const { profile, baseURL } = input;
  const sessionsDir = join(runDir(input.runId), 'sessions');
  mkdirSync(sessionsDir, { recursive: true, mode: 0o700 });
  const sessions: Record<string, string> = {};
  await mapLimit([...input.people], 4, async (person) => {
    const api = await request.newContext({ baseURL });
    try {
      const headers = await loginThroughApi(api, profile, person, input.hooks, { bindings: input.bindings?.get(person.key), witness: input.witness });
      sessions[person.key] = await saveSession(api, profile, baseURL, headers, join(sessionsDir, `${person.key}.json`));
    } finally {
      await api.dispose();
    }
  });
  return sessions;
}

/**
 * Saves one signed-in API session for the browser and the identities: its cookies, the token
 * where the profile's pages keep it, the headers it must send. Returns the file (0600: secrets).
 */
export async function saveSession(api: APIRequestContext, profile: Profile, baseURL: string, headers: Record<string, string>, file: string): Promise<string> {
  const state = withBrowserToken(await api.storageState(), profile, baseURL, headers);
  const item = browserTokenItem(profile, baseURL, headers);
  const sessionStorage = item?.area === 'sessionStorage' ? [item] : undefined;
  writeFileSync(file, JSON.stringify({ ...state, headers, ...(sessionStorage ? { sessionStorage } : {}) }), { mode: 0o600 });
  return file;
}
