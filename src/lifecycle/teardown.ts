import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, type APIRequestContext } from '@playwright/test';
import type { Profile, TeardownRequest } from '../profile/types';
import { prefixed } from '../population/template-values';
import { sendTemplate } from '../transport/send-template';
import { writeHeaders, type SessionHeaders } from '../sign-in/login';
import type { Bindings } from '../util/template';
import { readGone } from '../transport/breaker';
import { seededLedger, seededLeft, type SeededObject } from '../run/seeded';
import { runDir } from '../run/state';

/** A signed-in person, for deletes sent as the owner. */
export interface OwnerSession {
  api: APIRequestContext;
  headers: SessionHeaders;
}

export interface TeardownOptions {
  profile: Profile;
  baseURL: string;
  runId: string;
  env: NodeJS.ProcessEnv;
  /** Signs an owner in when the run saved no session for them (interrupted before sign-in). */
  signIn?: (key: string) => Promise<OwnerSession>;
  /** At the end of a run: a target its circuit breaker found gone is not asked (`cleanup` asks again). */
  skipIfGone?: boolean;
}

export interface TeardownResult {
  removed: number;
  /** What is still on the target, each with why. */
  left: { object: SeededObject; reason: string }[];
}

/** Documents first (they live in their owners' dossiers), then people who represent or serve, then usagers. */
const ORDER = (object: SeededObject): number => (object.kind === 'document' ? 0 : object.role === 'usager' ? 2 : 1);

const describeObject = (object: SeededObject): string => (object.kind === 'document' ? `document ${object.key}` : `${object.role} ${object.key}`);

/**
 * Removes from the target what the run seeded and has not removed yet (run/seeded.ts), by the
 * profile's `teardown` requests. A removal is recorded at once, so a second call (`cloison
 * cleanup`) only retries what is left. Never throws for one object: each failure is listed.
 */
export async function tearDownSeeded(options: TeardownOptions): Promise<TeardownResult> {
  const { profile, runId } = options;
  const objects = seededLeft(runId).sort((a, b) => ORDER(a) - ORDER(b));
  const result: TeardownResult = { removed: 0, left: [] };
  if (objects.length === 0) return result;
  if (!profile.teardown) {
    result.left = objects.map((object) => ({ object, reason: `profile ${profile.name} declares no teardown` }));
    return result;
  }
  if (options.skipIfGone && readGone(runId) !== undefined) {
    result.left = objects.map((object) => ({ object, reason: 'the target no longer answers' }));
    return result;
  }
  const ledger = seededLedger(runId);
  const channels = new Channels(options);
  try {
    for (const object of objects) {
      const template = object.kind === 'document' ? profile.teardown.document : profile.teardown[object.role];
      if (!template) {
        result.left.push({ object, reason: `no teardown.${object.kind === 'document' ? 'document' : object.role} in the profile` });
        continue;
      }
      try {
        const channel = await channels.for(template, object);
        await sendTemplate(channel.api, withDefaultStatuses(template), valuesOf(object, options), {
          what: `teardown of ${describeObject(object)}`,
          headers: channel.headers,
        });
        ledger.removed(object);
        result.removed++;
      } catch (error) {
        result.left.push({ object, reason: String(error instanceof Error ? error.message : error).split('\n')[0] ?? '' });
      }
    }
  } finally {
    await channels.dispose();
  }
  return result;
}

/** One line per object left, for the end of a run and for `cloison cleanup`. */
export function describeLeft(left: TeardownResult['left']): string[] {
  return left.map(({ object, reason }) => `${describeObject(object)} (${Object.entries(object.bindings).map(([name, value]) => `${name}=${value}`).join(' ')}): ${reason}`);
}

function withDefaultStatuses(template: TeardownRequest): TeardownRequest {
  // An object already gone (a write check deleted it, a usager's removal took its documents) is removed.
  return template.expectStatus ? template : { ...template, expectStatus: [200, 201, 202, 204, 404, 410] };
}

function valuesOf(object: SeededObject, options: TeardownOptions): Bindings {
  if (object.kind === 'person') return { key: object.key, role: object.role, ...object.bindings };
  const owner = seededLeft(options.runId).find((candidate) => candidate.kind === 'person' && candidate.key === object.ownerKey);
  return { key: object.key, ...object.bindings, ...prefixed('owner', owner?.bindings ?? object.bindings) };
}

/** The provisioning context (token header) and the owners' sessions, opened once each. */
class Channels {
  private provisioning: Promise<OwnerSession> | undefined;
  private readonly owners = new Map<string, Promise<OwnerSession>>();

  constructor(private readonly options: TeardownOptions) {}

  for(template: TeardownRequest, object: SeededObject): Promise<OwnerSession> {
    if (template.as === 'provisioning') return (this.provisioning ??= this.openProvisioning());
    const owner = object.kind === 'document' ? object.ownerKey : object.key;
    let session = this.owners.get(owner);
    if (!session) {
      session = this.openOwner(owner);
      this.owners.set(owner, session);
    }
    return session;
  }

  private async openProvisioning(): Promise<OwnerSession> {
    const { profile, env, baseURL } = this.options;
    const provisioning = profile.provisioning;
    if (provisioning.mode !== 'api') throw new Error(`teardown "as": "provisioning" needs provisioning.mode "api"`);
    const token = env[provisioning.tokenEnv];
    if (!token) throw new Error(`teardown needs the provisioning token in ${provisioning.tokenEnv}, which is not set`);
    return { api: await request.newContext({ baseURL }), headers: { [provisioning.tokenHeader]: token } };
  }

  private async openOwner(key: string): Promise<OwnerSession> {
    const { profile, baseURL, runId } = this.options;
    const file = join(runDir(runId), 'sessions', `${key}.json`);
    let session: OwnerSession;
    if (existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { headers?: SessionHeaders };
      session = { api: await request.newContext({ baseURL, storageState: file }), headers: saved.headers ?? {} };
    } else if (this.options.signIn) session = await this.options.signIn(key);
    else throw new Error(`no session of ${key} left to send the delete as the owner`);
    return { api: session.api, headers: await writeHeaders(session.api, profile, session.headers) };
  }

  async dispose(): Promise<void> {
    const all = [this.provisioning, ...this.owners.values()].filter((session): session is Promise<OwnerSession> => session !== undefined);
    await Promise.all(all.map((session) => session.then((opened) => opened.api.dispose(), () => undefined)));
  }
}
