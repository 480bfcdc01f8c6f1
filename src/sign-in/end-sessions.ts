import { chmodSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { request, type APIRequestContext } from '@playwright/test';
import type { Profile } from '../profile/types';
import { sendTemplate } from '../transport/send-template';
import { readCsrfToken } from './login';
import { readGone } from '../transport/breaker';
import { runDir } from '../run/state';

/** The folders of a run that hold live credentials: the sessions the setup saved, and fresh ones. */
export const SESSION_FOLDERS = ['sessions', 'fresh-sessions'];

export interface EndedSessions {
  loggedOut: number;
  /** Sessions left open because the target is gone (circuit breaker): nobody there to tell. */
  abandoned: number;
  /** One line per session that could not be logged out on the target (its file is removed all the same). */
  failures: string[];
}

/**
 * Ends every session a run left, whatever way the run ended (passed, failed, interrupted): each
 * is logged out on the target through the profile's logout API, then its file is removed; the
 * run's folders are made private (0700). A session left open on a recette is a live credential of
 * a synthetic account for as long as the target keeps it.
 */
export async function endRunSessions(profile: Profile, baseURL: string, runId: string): Promise<EndedSessions> {
  const dir = runDir(runId);
  const ended: EndedSessions = { loggedOut: 0, abandoned: 0, failures: [] };
  // A target that is gone cannot be told; each attempt would wait for its timeout.
  const gone = readGone(runId) !== undefined;
  if (!existsSync(dir)) return ended;
  makePrivate(dir);
  for (const folder of SESSION_FOLDERS) {
    const sessions = join(dir, folder);
    if (!existsSync(sessions)) continue;
    makePrivate(sessions);
    for (const name of readdirSync(sessions).filter((file) => file.endsWith('.json'))) {
      const file = join(sessions, name);
      try {
        if (gone) ended.abandoned++;
        else {
          await logout(profile, baseURL, file);
          ended.loggedOut++;
        }
      } catch (error) {
        ended.failures.push(`${folder}/${name}: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`);
      } finally {
        rmSync(file, { force: true });
      }
    }
  }
  return ended;
}

async function logout(profile: Profile, baseURL: string, file: string): Promise<void> {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { cookies?: unknown[]; headers?: Record<string, string> };
  const api = await request.newContext({ baseURL, storageState: file });
  try {
    await logOutSession(api, profile, saved.headers ?? {}, 'end-of-run logout');
  } finally {
    await api.dispose();
  }
}

/** Logs one session out through the profile's logout API (with its CSRF token when the profile has one). */
export async function logOutSession(api: APIRequestContext, profile: Profile, headers: Record<string, string>, what: string): Promise<void> {
  const template = profile.auth.logout.api;
  if (!template) throw new Error(`profile ${profile.name} has no auth.logout.api: the session cannot be logged out after the run`);
  const csrf = await readCsrfToken(api, profile, headers).catch(() => undefined);
  const csrfHeader = profile.auth.csrf?.header;
  // A session the target no longer knows (logged out by its check, expired) answers 401/403: already ended.
  await sendTemplate(api, { ...template, expectStatus: [...(template.expectStatus ?? [200, 201, 202, 204]), 302, 303, 401, 403] }, {}, {
    what,
    headers: { ...headers, ...(csrfHeader && csrf ? { [csrfHeader]: csrf } : {}) },
  });
}

function makePrivate(dir: string): void {
  try {
    chmodSync(dir, 0o700);
  } catch {
    // A folder removed meanwhile has nothing left to protect.
  }
}
