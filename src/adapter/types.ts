import type { APIRequestContext } from '@playwright/test';
import type { Person, SeededDocument } from '../population/types';
import type { Profile } from '../profile/types';
import type { Bindings } from '../util/template';

/** What every hook receives: the target, and an API context already pointed at it. */
export interface AdapterContext {
  profile: Profile;
  baseURL: string;
  /** The request context of the step (a person's own session for login, readIds, uploads). */
  api: APIRequestContext;
}

/**
 * Hooks for what a JSON profile cannot express. Every hook is optional; a hook that is present
 * replaces the profile's own step, and a hook that throws fails the run like the step would.
 * Secrets a hook returns (session headers) are kept out of artifacts by the redactor.
 */
export interface CloisonAdapter {
  /**
   * Signs `person` in on `ctx.api` (cookies set there are kept) and returns the headers the session
   * needs on every request (`Authorization`...), or `{}` for a cookie session. Identity is then
   * proven through `auth.whoami` as usual.
   */
  login?: (ctx: AdapterContext & { person: Person }) => Promise<Record<string, string>>;
  /** Creates one person in the target (provisioning `api` mode); returns their ids (`usagerId`, `dossierId`...). */
  provisionPerson?: (ctx: AdapterContext & { person: Person; represented?: Bindings; headers: Record<string, string> }) => Promise<Bindings>;
  /** Uploads one document as its owner (or with the provisioning token in `api` mode); returns its ids (`pieceId`...). */
  uploadDocument?: (ctx: AdapterContext & { document: SeededDocument; owner: Bindings; headers: Record<string, string> }) => Promise<Bindings>;
  /** Reads the ids the portal gave a signed-in person (replaces `provisioning.lookup`). */
  readIds?: (ctx: AdapterContext & { person: Person; headers: Record<string, string> }) => Promise<Bindings>;
}

export const HOOKS = ['login', 'provisionPerson', 'uploadDocument', 'readIds'] as const satisfies readonly (keyof CloisonAdapter)[];
