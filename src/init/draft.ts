import type { Profile } from '../profile/schema';
import { pathParams, type Evidence } from './endpoints';
import { draftCsrf } from './draft-csrf';
import { draftIds } from './draft-ids';
import { draftLogin } from './draft-login';
import { draftLogout } from './draft-logout';
import { slug } from './draft-names';
import { draftNotes, type Question } from './draft-notes';
import { draftPeople, draftPolicy } from './draft-people';
import { draftProvisioning } from './draft-provisioning';
import { draftReadOnly } from './draft-read-only';
import { draftRoles } from './draft-roles';
import { draftRoutes } from './draft-routes';
import { draftApiToken, draftSession } from './draft-session';
import { draftShare } from './draft-share';
import { draftWhoami } from './draft-whoami';
import { draftWrites } from './draft-writes';

export type { Question } from './draft-notes';

export interface Draft {
  profile: Profile;
  questions: Question[];
  /** What the draft decided and from what, one line each (which parameters are ids, which route is the login). */
  decisions: string[];
}

export interface DraftOptions {
  name?: string;
  baseURL?: string;
}

/**
 * Drafts a format 2 profile from what was learned, with the questions only a person can answer.
 * The steps run in this order because the questions and decisions are listed in it.
 */
export function draftProfile(evidence: Evidence, options: DraftOptions = {}): Draft {
  const notes = draftNotes();
  const endpoints = evidence.endpoints;
  const personal = endpoints.filter((endpoint) => endpoint.access === 'session');

  // Where the target is.
  const base = options.baseURL ?? evidence.baseURL;
  const baseURL = base ? new URL(base).origin : 'http://127.0.0.1';
  if (!base) notes.ask('baseURL', 'Where does the portal answer (scheme, host and port)? The document names no absolute server (init --base-url).', baseURL);
  const host = new URL(baseURL).hostname;

  const csrf = draftCsrf(evidence, personal, notes);
  const login = draftLogin(evidence, notes);
  const session = draftSession(evidence, login.api, notes);
  const ids = draftIds(personal, evidence, notes);
  const logout = draftLogout(personal, login.api ?? login.form, evidence, csrf.field, notes);
  const whoami = draftWhoami(personal, evidence, ids, notes);
  const apiToken = draftApiToken(evidence, personal, session, notes);
  const roles = draftRoles(personal, notes);
  const routes = draftRoutes(personal, ids, [whoami.endpoint, csrf.source], roles, notes);
  const writes = draftWrites(personal, ids, csrf.field, notes);
  const readOnly = draftReadOnly(personal, routes, writes, notes);
  const share = draftShare(personal, ids, notes);
  const provisioning = draftProvisioning(endpoints, personal, ids, writes, whoami, notes);
  const people = draftPeople(roles.people, notes);
  const policy = draftPolicy(notes);
  if (share) notes.ask('share.ttlSeconds', 'How many seconds does a share link live (short on a test environment, so its expiry can be awaited)?');

  const startPages = personal.filter((endpoint) => endpoint.method === 'GET' && endpoint.answer?.kind === 'html' && pathParams(endpoint.path).length === 0 && !endpoint.roles?.length).map((endpoint) => endpoint.path);
  const name = options.name ?? (slug(evidence.title ?? host) || 'portal');
  const profile: Profile = {
    version: 2,
    name,
    description: `Draft by cloison init (${new Date().toISOString().slice(0, 10)}): answer its questions before a scan.`,
    baseURL,
    allowedHosts: [host],
    auth: { login: login.login, logout, session, whoami: whoami.whoami, ...(csrf.csrf ? { csrf: csrf.csrf } : {}), ...(apiToken ? { apiToken } : {}) },
    provisioning,
    ids,
    people,
    routes,
    ...(readOnly.length > 0 ? { readOnly } : {}),
    ...(writes.length > 0 ? { writes } : {}),
    ...(share ? { share } : {}),
    policy,
    ...(startPages.length > 0 ? { startPages } : {}),
  };
  return { profile, questions: notes.questions, decisions: notes.decisions };
}
