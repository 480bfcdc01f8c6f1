import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Browser } from '@playwright/test';
import { request } from '@playwright/test';
import { TargetError } from '../errors';
import type { Person } from '../population/types';
import { personValues } from '../population/template-values';
import { passwordOf } from '../provisioning/secrets';
import type { RequestTemplate } from '../profile/types';
import type { TemplateResponse } from '../transport/send-template';
import type { RunContext } from '../run/context';
import { runDir } from '../run/state';
import { readPath, type Bindings } from '../util/template';
import type { ExchangeSink, ProbeContext, ResponseScanner } from './exchange';
import { personReceiver, sendJudged, type JudgedAs } from './judged-send';
import { browserTokenItem, type StoredItem } from '../sign-in/browser-token';
import { Identity } from './identity';
import { proveIdentity, readCsrfToken, type SessionHeaders } from '../sign-in/login';

/** A cookie as Playwright stores it in a storage state. */
export type StoredCookie = Awaited<ReturnType<APIRequestContext['storageState']>>['cookies'][number];

/**
 * What proves a session to the target: its cookie, or the header that carries its bearer token.
 * A secret: it is registered with the redactor before anything can be recorded.
 */
export type SessionCredential = { type: 'cookie'; cookie: StoredCookie } | { type: 'bearer'; headers: SessionHeaders };

/**
 * The probe a fresh session's own requests (login, share, password change, logout) are judged
 * under: built by the check that opened it, received by the session's person.
 */
export type OwnProbe = (routeTemplate: string, vector: string) => ProbeContext;

export interface SessionWiring {
  run: RunContext;
  browser: Browser;
  scanner: ResponseScanner;
  sink: ExchangeSink;
  /** Every credential a fresh session handles is registered here before it can reach a finding. */
  addSecrets(secrets: string[]): void;
  screenshotDir: string;
}

/**
 * A session of its own: logged in for one check, and logged out by that check only. The sessions
 * the setup saved are shared by every spec, so a session check never logs one of those out.
 */
export class FreshSession {
  private csrf: string | undefined;
  /** Values the login answer gave (`auth.login.api.capture`, a refresh token): secrets, for the logout request. */
  private loginValues: Bindings = {};
  private loggedOut = false;

  private constructor(
    private readonly wiring: SessionWiring,
    readonly person: Person,
    readonly api: APIRequestContext,
    readonly headers: SessionHeaders,
    /** The answer to the login request, for its Set-Cookie headers. */
    readonly loginResponse: TemplateResponse,
    readonly identity: Identity,
    private readonly probe: OwnProbe,
  ) {}

  /**
   * Logs the person in through the profile's login API in a new API context (optionally carrying
   * a cookie planted beforehand) and proves who the session is. The login answer, a refusal
   * included, goes through the oracle first: another person's marker in it is a leak of `probe`'s check.
   */
  static async open(wiring: SessionWiring, key: string, options: { probe: OwnProbe; planted?: StoredCookie[] }): Promise<FreshSession> {
    const { run } = wiring;
    const profile = run.profile;
    const template = profile.auth.login.api;
    if (!template) throw new TargetError(`profile ${profile.name} has no auth.login.api: the session checks log in through the API`);
    const person: Person = { ...(run.person(key) as Omit<Person, 'password'>), password: passwordOf(profile, run.target.settings, key) };
    const api = await request.newContext({ baseURL: run.target.baseURL, storageState: { cookies: options.planted ?? [], origins: [] } });
    try {
      const judged = judgedAs(wiring, key, options.probe(template.path, 'fresh-login'));
      const { response, captured } = await sendJudged(api, template, personValues(person), { what: `fresh login as ${key}` }, judged);
      wiring.addSecrets(Object.values(captured).map(String));
      const headers: SessionHeaders = {};
      const session = profile.auth.session;
      if (session.type === 'bearer') {
        const token = readPath(await response.json().catch(() => undefined), session.capture);
        if (typeof token !== 'string') throw new TargetError(`fresh login as ${key}: no token at "${session.capture}" in the answer`);
        headers[session.header ?? 'Authorization'] = `${session.scheme ?? 'Bearer'} ${token}`.trim();
        wiring.addSecrets([token]);
      }
      wiring.addSecrets((await api.storageState()).cookies.map((cookie) => cookie.value));
      await proveIdentity(api, profile, person, headers, run.person(key).bindings);
      const identity = identityWith(wiring, key, (await api.storageState()).cookies, headers);
      const fresh = new FreshSession(wiring, person, api, headers, response, identity, options.probe);
      fresh.loginValues = captured;
      return fresh;
    } catch (error) {
      await api.dispose();
      throw error;
    }
  }

  /** A value the login answer gave (`auth.login.api.capture`): a refresh token. A secret, registered already. */
  loginValue(name: string): string | number | undefined {
    return this.loginValues[name];
  }

  /** The session cookie (cookie sessions) or the bearer header, as the target holds it now. */
  async credential(): Promise<SessionCredential> {
    const session = this.wiring.run.profile.auth.session;
    if (session.type === 'bearer') return { type: 'bearer', headers: { ...this.headers } };
    const cookie = (await this.api.storageState()).cookies.find((candidate) => candidate.name === session.cookieName);
    if (!cookie) throw new TargetError(`fresh login as ${this.person.key}: no "${session.cookieName}" cookie after login`);
    return { type: 'cookie', cookie };
  }

  /** Headers a write needs: the bearer token and the CSRF token, when the profile has one. */
  async writeHeaders(): Promise<Record<string, string>> {
    const csrf = this.wiring.run.profile.auth.csrf;
    this.csrf ??= await readCsrfToken(this.api, this.wiring.run.profile, this.headers);
    if (this.csrf) this.wiring.addSecrets([this.csrf]);
    return { ...this.headers, ...(csrf?.header && this.csrf ? { [csrf.header]: this.csrf } : {}) };
  }

  /**
   * Sends a profile request template as this session (share creation, revocation) through the
   * identity's HttpClient: its path may carry a share token, which a Playwright API request would
   * record in the reports. Its answer goes through the oracle before a refusal fails the check.
   */
  async send(template: RequestTemplate, bindings: Bindings, what: string, vector: string): Promise<Bindings> {
    const judged = judgedAs(this.wiring, this.person.key, this.probe(template.path, vector));
    const { captured } = await sendJudged(this.identity.client, template, bindings, { what, headers: await this.writeHeaders() }, judged);
    return captured;
  }

  /** Logs out through the profile's logout API, its answer judged. Failing to log out fails the check that needed it. */
  async logout(): Promise<void> {
    const template = this.wiring.run.profile.auth.logout.api;
    if (!template) throw new TargetError(`profile ${this.wiring.run.profile.name} has no auth.logout.api: the session checks log out through the API`);
    const values = { ...this.wiring.run.person(this.person.key).bindings, ...personValues(this.person), ...this.loginValues };
    const judged = judgedAs(this.wiring, this.person.key, this.probe(template.path, 'logout'));
    await sendJudged(this.api, template, values, { what: `logout of ${this.person.key}`, headers: await this.writeHeaders() }, judged);
    this.loggedOut = true;
  }

  /** Ends the session on the target too, when its check did not: no live session outlives its check. */
  async dispose(): Promise<void> {
    try {
      if (!this.loggedOut && this.wiring.run.profile.auth.logout.api) await this.logout().catch(() => undefined);
    } finally {
      await this.identity.dispose();
      await this.api.dispose();
    }
  }
}

/** A fresh session's own answer, received by its person: their own data is no leak, anyone else's goes to the check's ledger. */
function judgedAs(wiring: SessionWiring, key: string, context: ProbeContext): JudgedAs {
  return { receiver: personReceiver(wiring.run, key, wiring), context, baseURL: wiring.run.target.baseURL };
}

/**
 * Someone holding a credential they should no longer be able to use (copied before logout,
 * planted before login): to the target, an anonymous visitor. Without `owner`, whatever it
 * receives of anyone is foreign and the oracle reports it as a leak.
 */
export function credentialHolder(wiring: SessionWiring, credential: SessionCredential, owner?: string): Identity {
  const cookies = credential.type === 'cookie' ? [credential.cookie] : [];
  // `owner`: the credential's rightful holder (a positive control, or the owner of a credential
  // replayed after logout): their own data is no leak (the check judges it); anyone else's is.
  return identityWith(wiring, owner, cookies, credential.type === 'bearer' ? credential.headers : undefined);
}

/** Someone with no session at all: what a route answers anybody. `owner`'s own data is no leak (the check judges it). */
export function sessionlessHolder(wiring: SessionWiring, owner?: string): Identity {
  return identityWith(wiring, owner, [], undefined);
}

/**
 * The identity's channels (its HTTP client, its browser context) load cookies from a storage-state
 * file, as for the sessions the setup saved. This one holds a live credential: it is deleted when
 * the identity is disposed.
 */
function storageFile(run: RunContext, cookies: StoredCookie[]): string {
  const dir = join(runDir(run.state.runId), 'fresh-sessions');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${randomBytes(8).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify({ cookies, origins: [] }), { mode: 0o600 });
  return file;
}

/** An identity whose channels carry these cookies and headers; disposing it deletes its storage file. */
function identityWith(wiring: SessionWiring, key: string | undefined, cookies: StoredCookie[], headers: SessionHeaders | undefined): Identity {
  const { run } = wiring;
  const file = storageFile(run, cookies);
  const identity = new Identity({
    key,
    role: key === undefined ? 'anonymous' : run.person(key).role,
    baseURL: run.target.baseURL,
    allowedHosts: run.target.allowedHosts,
    visibleOwners: run.policy.visibleOwners(key),
    scanner: wiring.scanner,
    browser: wiring.browser,
    storageState: file,
    sessionHeaders: headers,
    sessionStorage: sessionStorageOf(run, headers),
    screenshotDir: wiring.screenshotDir,
  });
  identity.sink = wiring.sink;
  const dispose = identity.dispose.bind(identity);
  identity.dispose = async () => {
    rmSync(file, { force: true });
    await dispose();
  };
  return identity;
}

/** A session cookie for the target's host with an id the attacker chose: the fixation vector. */
export function plantedCookie(run: RunContext, name: string): StoredCookie {
  return {
    name,
    value: randomBytes(32).toString('base64url'),
    domain: new URL(run.target.baseURL).hostname,
    path: '/',
    expires: -1,
    httpOnly: true,
    secure: false,
    sameSite: 'Lax',
  };
}

/** The token a fresh session's pages keep in sessionStorage, when the profile says they do. */
function sessionStorageOf(run: RunContext, headers: SessionHeaders | undefined): StoredItem[] | undefined {
  const item = headers ? browserTokenItem(run.profile, run.target.baseURL, headers) : undefined;
  return item?.area === 'sessionStorage' ? [item] : undefined;
}
