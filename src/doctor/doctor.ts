import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, request, type APIRequestContext, type Browser } from '@playwright/test';
import { loadAdapter } from '../adapter/load';
import type { CloisonAdapter } from '../adapter/types';
import { CHROMIUM_ARGS, hostGuardArgs, resolveChromium } from '../browser/chromium';
import { callFor } from '../checks/self-access';
import { rendersInBrowser, tryReach } from '../checks/controls';
import { roleAudience, serves } from '../checks/roles-plan';
import { TargetError } from '../errors';
import type { Evidence } from '../findings/types';
import { generatePopulation } from '../population/generate';
import { loadPopulationSpec } from '../population/spec';
import type { Person } from '../population/types';
import { routeCall, whoamiRoute } from '../profile/route';
import type { RouteSpec } from '../profile/types';
import { provisionPopulation } from '../provisioning/index';
import { NO_LEDGER, personValues, type Provisioned } from '../provisioning/provision';
import { populationOf, type RunPopulation } from '../provisioning/population';
import { sendTemplate } from '../provisioning/send';
import { RunContext } from '../run/context';
import { endRunSessions } from '../run/end-sessions';
import { assertReachable } from '../run/reachable';
import { runDir, type RunState } from '../run/state';
import type { Target } from '../run/target';
import { writesAllowed } from '../settings/settings';
import { seedSessionStorage, type StoredItem } from '../session/browser-token';
import type { ProbeContext } from '../session/exchange';
import { loginThroughApi, writeHeaders, type SessionHeaders } from '../session/login';
import { limited } from '../session/limiter';
import { IdentityPool } from '../session/pool';
import { createScanner } from '../session/scanner';
import { saveSession } from '../session/sign-in';
import { uncached } from '../probes/vectors';
import { mapLimit } from '../util/concurrency';
import { MissingBindingError, placeholdersOf, readPath, type Bindings } from '../util/template';
import { markersOf, mainExchange, placeholderField, requestField, routeDiagnosis, whoamiDiagnosis } from './diagnose';
import { startLaunch } from './launch';

/** One line of the doctor's table: what was tried, what the owner got, what is wrong and the field to fix. */
export interface DoctorRow {
  subject: string;
  got: string;
  problem?: string;
  field?: string;
}

export interface DoctorReport {
  rows: DoctorRow[];
  ok: boolean;
}

interface SignedIn {
  api: APIRequestContext;
  headers: SessionHeaders;
}

/**
 * Checks a profile against the live portal without attacking it: seeds a small population through
 * the profile, signs each declared role in and proves who it is, then runs each route's positive
 * control as the owner (or the role the route serves). Nothing is probed as anybody else.
 * `env` is the run's environment (the provisioning token of a launched target lives there).
 */
export async function runDoctor(target: Target, env: NodeJS.ProcessEnv): Promise<DoctorReport> {
  const rows: DoctorRow[] = [];
  const started = target.launch ? await startLaunch(target.launch, target.profile.launch?.readyPath ?? '/', env).catch((error: unknown) => failed(rows, 'start the target', error, 'launch.command')) : undefined;
  if (started === null) return report(rows);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: resolveChromium(), args: [...CHROMIUM_ARGS, ...hostGuardArgs(target.allowedHosts)] });
    await examine(target, env, browser, rows);
  } finally {
    await browser?.close();
    await started?.stop();
    rmSync(runDir(target.settings.runId), { recursive: true, force: true });
  }
  return report(rows);
}

function report(rows: DoctorRow[]): DoctorReport {
  return { rows, ok: rows.every((row) => row.problem === undefined) };
}

/** Records a step that failed with its field (from the error when it knows it); null stops the doctor there. */
function failed(rows: DoctorRow[], subject: string, error: unknown, fallback: string): null {
  if (!(error instanceof TargetError) && !(error instanceof MissingBindingError)) throw error;
  const detail = error instanceof TargetError ? error.detail : {};
  // A request the portal refused: which part of it, by the status (a missing capture names itself).
  const field = detail.field && detail.status !== undefined && !detail.field.includes('.capture.') ? requestField(detail.field, detail.status, true) : (detail.field ?? fallback);
  rows.push({ subject, got: detail.status === undefined ? '-' : String(detail.status), problem: error.message, field });
  return null;
}

async function examine(target: Target, env: NodeJS.ProcessEnv, browser: Browser, rows: DoctorRow[]): Promise<void> {
  const { profile, baseURL, settings } = target;
  try {
    await assertReachable(baseURL);
  } catch (error) {
    failed(rows, `reach ${baseURL}`, error, settings.baseURLOverride ? 'CLOISON_BASE_URL' : 'baseURL');
    return;
  }
  const adapter = await loadAdapter(profile);
  const population = await doctorPopulation(target);
  // The doctor removes what it uploaded itself (below): no run ledger to keep.
  const provisioned = await provisionPopulation({ baseURL, profile, population, adapter, env, ledger: NO_LEDGER, browser: () => Promise.resolve(browser) }).catch((error: unknown) =>
    failed(rows, `provision ${population.people.length} people and ${population.documents.length} documents (${profile.provisioning.mode} mode)`, error, 'provisioning'),
  );
  if (!provisioned) return;
  rows.push({ subject: `provision (${profile.provisioning.mode} mode)`, got: `${provisioned.people.length} people, ${provisioned.documents.length} documents` });

  const sessionsDir = join(runDir(settings.runId), 'sessions');
  mkdirSync(sessionsDir, { recursive: true, mode: 0o700 });
  const signedIn = new Map<string, SignedIn>();
  const sessions: Record<string, string> = {};
  try {
    await signEachIn(target, adapter, population, provisioned, rows, signedIn, sessions, sessionsDir);
    if (signedIn.size !== population.people.length) return;
    await whoamiProvesSomeone(target, population.people, provisioned, rows);
    const state: RunState = {
      runId: settings.runId,
      seed: settings.seed,
      release: settings.release,
      profile: profile.name,
      baseURL,
      spec: population.spec,
      people: provisioned.people,
      documents: provisioned.documents,
      sessions,
      createdAt: new Date().toISOString(),
    };
    const run = new RunContext(target, state);
    const pool = new IdentityPool(run, browser, createScanner(state, profile), join(runDir(settings.runId), 'screenshots'));
    try {
      await tokenWhereProfileSays(target, run, browser, sessions, rows);
      for (const [index, route] of profile.routes.entries()) rows.push(await positiveControl(run, pool, index, route));
    } finally {
      await pool.dispose();
    }
    await removeDocuments(target, provisioned, signedIn, rows);
  } finally {
    await Promise.all([...signedIn.values()].map((session) => session.api.dispose()));
    const ended = await endRunSessions(profile, baseURL, settings.runId);
    if (ended.failures.length > 0) rows.push({ subject: 'logout', got: ended.failures[0] ?? '', problem: `${ended.failures.length} session(s) could not be logged out`, field: 'auth.logout.api' });
  }
}

/**
 * The smallest population that still has every declared role: one usager per office (two
 * pièces each), a representative and an agent per office when the portal has them. People
 * from an accounts file are the file's; only the first usager's documents are uploaded then.
 */
async function doctorPopulation(target: Target): Promise<RunPopulation> {
  const { profile, settings } = target;
  const scan = loadPopulationSpec(settings.populationFile, { seed: settings.seed, runId: settings.runId, people: profile.people });
  const spec = {
    ...scan,
    usagersPerMdph: 1,
    representatives: Math.min(scan.representatives, 1),
    agentsPerMdph: Math.min(scan.agentsPerMdph, 1),
    piecesPerUsager: { min: Math.min(2, scan.piecesPerUsager.max), max: Math.min(2, scan.piecesPerUsager.max) },
  };
  if (profile.provisioning.mode === 'api') return { ...(await generatePopulation(spec)), preProvisioned: new Set() };
  const population = await populationOf(profile, settings, spec);
  const owner = population.documents[0]?.ownerKey;
  return { ...population, documents: population.documents.filter((document) => document.ownerKey === owner) };
}

async function signEachIn(
  target: Target,
  adapter: CloisonAdapter,
  population: RunPopulation,
  provisioned: Provisioned,
  rows: DoctorRow[],
  signedIn: Map<string, SignedIn>,
  sessions: Record<string, string>,
  sessionsDir: string,
): Promise<void> {
  const { profile, baseURL } = target;
  const bindingsOf = new Map(provisioned.people.map((person) => [person.key, person.bindings]));
  const proof = profile.auth.whoami.proves ?? 'email';
  let cookieChecked = false;
  for (const person of population.people) {
    const subject = `login ${person.key} (${person.role})`;
    const api = await request.newContext({ baseURL });
    try {
      const headers = await loginThroughApi(api, profile, person, { adapter, baseURL }, { bindings: bindingsOf.get(person.key) });
      signedIn.set(person.key, { api, headers });
      sessions[person.key] = await saveSession(api, profile, baseURL, headers, join(sessionsDir, `${person.key}.json`));
      rows.push({ subject, got: `signed in, whoami holds {${proof}}` });
      if (!cookieChecked) {
        cookieChecked = true;
        const row = await sessionCookieRow(api, target);
        if (row) rows.push(row);
      }
    } catch (error) {
      await api.dispose();
      if (!(error instanceof TargetError)) throw error;
      const field = error.detail.field ?? 'auth.login.api';
      if (field === 'auth.whoami') {
        const { status, held } = await whoamiAnswer(baseURL, target, person, bindingsOf.get(person.key) ?? {}, adapter);
        rows.push({ subject, got: `whoami ${status}, holds ${held.join(', ') || 'nothing of the person'}`, ...whoamiDiagnosis(status, held, proof) });
      } else if (field === 'auth.login.api') {
        const template = profile.auth.login.api;
        rows.push({ subject, got: String(error.detail.status ?? '-'), problem: error.message, field: requestField(field, error.detail.status, template?.json !== undefined || template?.form !== undefined) });
      } else {
        rows.push({ subject, got: String(error.detail.status ?? '-'), problem: error.message, field });
      }
    }
  }
}

/** The person's values a whoami answer holds, by binding name (the e-mail, an id...). Signs in afresh: the failed session was dropped. */
async function whoamiAnswer(baseURL: string, target: Target, person: Person, bindings: Bindings, adapter: CloisonAdapter): Promise<{ status: number; held: string[] }> {
  const { profile } = target;
  const api = await request.newContext({ baseURL });
  try {
    let headers: SessionHeaders = {};
    // The login itself passed: sign in again without the proof, to read what the whoami answers.
    if (adapter.login) headers = await adapter.login({ profile, baseURL, api, person });
    else if (profile.auth.login.api) {
      const { response } = await sendTemplate(api, profile.auth.login.api, personValues(person), { what: `login as ${person.key}` });
      const session = profile.auth.session;
      if (session.type === 'bearer') {
        const token = readPath(await response.json().catch(() => undefined), session.capture);
        if (typeof token === 'string') headers = { [session.header ?? 'Authorization']: `${session.scheme ?? 'Bearer'} ${token}`.trim() };
      }
    }
    const values: Bindings = { ...bindings, ...personValues(person) };
    const call = routeCall(whoamiRoute(profile), values);
    const response = await limited(() => api.fetch(call.url, { method: call.method, headers: { ...call.headers, ...headers }, data: call.data, failOnStatusCode: false, maxRedirects: 0 }));
    const text = (await response.text()).toLowerCase();
    const held = Object.entries(values)
      .filter(([name, value]) => name !== 'password' && value !== undefined && String(value).length >= 4 && text.includes(String(value).toLowerCase()))
      .map(([name]) => name);
    return { status: response.status(), held };
  } finally {
    await api.dispose();
  }
}

/** A cookie session: the login must set the cookie the profile names (the session checks read that one). */
async function sessionCookieRow(api: APIRequestContext, target: Target): Promise<DoctorRow | undefined> {
  const session = target.profile.auth.session;
  if (session.type !== 'cookie') return undefined;
  const names = (await api.storageState()).cookies.map((cookie) => cookie.name);
  const subject = 'session cookie';
  if (names.includes(session.cookieName)) return { subject, got: `cookie ${session.cookieName} set at login` };
  return {
    subject,
    got: names.length > 0 ? `login set cookie(s) ${names.join(', ')}` : 'login set no cookie',
    problem: `the session is not kept in a cookie named ${session.cookieName}`,
    field: 'auth.session.cookieName',
  };
}

/**
 * A whoami that would hold the proof for anyone proves nothing: people must have distinct values
 * of the binding it proves, and an anonymous visitor asking for someone must not get their value.
 */
async function whoamiProvesSomeone(target: Target, people: readonly Person[], provisioned: Provisioned, rows: DoctorRow[]): Promise<void> {
  const { profile, baseURL } = target;
  const proof = profile.auth.whoami.proves ?? 'email';
  const valueOf = (person: Person): string | undefined => {
    const values: Bindings = { ...provisioned.people.find((seeded) => seeded.key === person.key)?.bindings, ...personValues(person) };
    const value = values[proof];
    return value === undefined ? undefined : String(value);
  };
  const subject = 'whoami proves who is signed in';
  const seen = new Map<string, string>();
  for (const person of people) {
    const value = valueOf(person);
    if (value === undefined) continue;
    const other = seen.get(value.toLowerCase());
    if (other) {
      rows.push({ subject, got: `${other} and ${person.key} have the same {${proof}}`, problem: `{${proof}} is shared between people: it proves nothing`, field: 'auth.whoami.proves' });
      return;
    }
    seen.set(value.toLowerCase(), person.key);
  }
  const first = people[0];
  const expected = first && valueOf(first);
  if (!first || expected === undefined) return;
  const values: Bindings = { ...provisioned.people.find((seeded) => seeded.key === first.key)?.bindings, ...personValues(first) };
  const call = routeCall(whoamiRoute(profile), values);
  // A nonce: a cache keyed on the URL alone is the scan's finding, not a profile mistake.
  const anonymous = await request.newContext({ baseURL });
  try {
    const answer = await limited(() =>
      anonymous.fetch(uncached(call.url), { method: call.method, headers: call.headers, data: call.data, failOnStatusCode: false, maxRedirects: 0 }),
    );
    const text = (await answer.text()).toLowerCase();
    if (answer.ok() && text.includes(expected.toLowerCase())) {
      rows.push({ subject, got: `anonymous gets ${answer.status()} with ${first.key}'s {${proof}}`, problem: 'the whoami answers anybody with the value it should prove: it proves nothing', field: 'auth.whoami.path' });
      return;
    }
    rows.push({ subject, got: `{${proof}} distinct per person; anonymous gets ${answer.status()} without it` });
  } finally {
    await anonymous.dispose();
  }
}

/**
 * Whether a request the page sent holds the session's raw token, wherever the page puts it: a
 * header of its own naming (with or without a scheme), or the body (an SDK that sends its session
 * token in a JSON body, sparing a CORS preflight).
 */
export function carriesToken(headers: Record<string, string>, body: string | null, token: string): boolean {
  return Object.values(headers).some((value) => value.includes(token)) || (body ?? '').includes(token);
}

/**
 * A bearer token the portal's own pages keep in browser storage: a page opened with the token
 * only where the profile says (no header added by cloison) must send it on its own requests.
 */
async function tokenWhereProfileSays(target: Target, run: RunContext, browser: Browser, sessions: Record<string, string>, rows: DoctorRow[]): Promise<void> {
  const session = target.profile.auth.session;
  if (session.type !== 'bearer' || !session.browserStorage) return;
  const owner = run.usagers()[0];
  const page = target.profile.startPages?.[0] ?? target.profile.routes.find((route) => route.channel === 'ui' && route.object === 'self')?.path;
  if (!owner || !page) return;
  const file = sessions[owner.key];
  if (!file) return;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { headers?: Record<string, string>; sessionStorage?: StoredItem[] };
  const header = (session.header ?? 'Authorization').toLowerCase();
  const expected = Object.entries(saved.headers ?? {}).find(([name]) => name.toLowerCase() === header)?.[1];
  const context = await browser.newContext({ baseURL: target.baseURL, storageState: file });
  try {
    await seedSessionStorage(context, saved.sessionStorage);
    const token = expected?.split(' ').pop();
    let carried = 0;
    context.on('request', (sent) => {
      if (token && carriesToken(sent.headers(), sent.postData(), token)) carried++;
    });
    const tab = await context.newPage();
    await tab.goto(page, { waitUntil: 'load', timeout: 15_000 });
    await tab.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    const { area, key } = session.browserStorage;
    const subject = `token in ${area} "${key}"`;
    if (carried > 0) rows.push({ subject, got: `${page}: the page sent it on ${carried} request(s)` });
    else rows.push({ subject, got: `${page}: the page's requests never carried it`, problem: `the portal's pages do not read the token from ${area} "${key}"`, field: 'auth.session.browserStorage' });
  } finally {
    await context.close();
  }
}

/** One route's positive control, as its owner (or the first of the role it serves who may read the owner). */
async function positiveControl(run: RunContext, pool: IdentityPool, index: number, route: RouteSpec): Promise<DoctorRow> {
  const subject = `routes[${index}] ${route.name} (${route.method} ${route.path})`;
  const owner = run.usagers().find((usager) => run.state.documents.some((document) => document.ownerKey === usager.key));
  if (!owner) return { subject, got: '-', problem: 'the population has no usager with documents', field: 'provisioning' };
  let controller: string | undefined;
  let bindings: Bindings;
  let proves: (evidence: Evidence) => boolean;
  let what: string;
  let call;
  try {
    if (route.object !== 'self') {
      const object = run.objectsOf(owner.key, route.object)[0];
      if (!object) return { subject, got: '-', problem: `${owner.key} has no ${route.object}`, field: `routes[${index}].object` };
      controller = route.roles ? roleAudience(run.policy, route, owner.key)[0] : owner.key;
      bindings = object.bindings;
      proves = (evidence) => object.proves(evidence);
      what = object.key;
      call = routeCall(route, bindings);
    } else if (route.roles && !serves(route, 'usager')) {
      const readableBy = (key: string): string[] => run.usagers().filter((usager) => run.policy.mayRead(key, usager.key)).map((usager) => usager.key);
      controller = run.state.people.find((person) => serves(route, person.role) && readableBy(person.key).length > 0)?.key;
      const readable = controller ? readableBy(controller) : [];
      bindings = controller ? run.person(controller).bindings : {};
      proves = (evidence) => readable.includes(evidence.ownerKey);
      what = `the people ${controller ?? 'it'} may read`;
      call = routeCall(route, bindings);
    } else {
      controller = owner.key;
      const own = run.state.documents.find((document) => document.ownerKey === owner.key);
      bindings = owner.bindings;
      proves = (evidence) => evidence.ownerKey === owner.key;
      what = `${owner.key}'s own data`;
      call = callFor(route, own, undefined, owner.bindings);
    }
  } catch (error) {
    if (!(error instanceof MissingBindingError)) throw error;
    const name = /\{([^}|]+)/.exec(error.message)?.[1] ?? '';
    return { subject, got: 'not sent', problem: `{${name}} is filled by no binding of ${owner.key}'s ${route.object}`, field: placeholderField(`routes[${index}]`, route, name) };
  }
  if (!controller) {
    return { subject, got: '-', problem: `nobody of role ${(route.roles ?? []).join('/')} may read ${owner.key} under the policy: no positive control`, field: route.roles ? `routes[${index}].roles` : 'policy.read' };
  }
  const identity = await pool.get(controller);
  const context: ProbeContext = { check: 'doctor/positive-control', routeTemplate: route.path, vector: 'positive-control', channel: route.channel, victimKey: owner.key, relationship: 'owner', expectDenied: false };
  const { reached, exchanges } = await tryReach(identity, route, context, call, { proves }, rendersInBrowser(route) ? undefined : false);
  const main = mainExchange(exchanges, call.url);
  const ids = [...new Set(placeholdersOf(route.path))].map((name) => `${name}=${String(bindings[name] ?? '')}`).join(' ');
  const evidence = exchanges.filter((exchange) => exchange.status < 400).flatMap((exchange) => exchange.evidence);
  const got = `${controller}: ${exchanges.map((exchange) => exchange.status).slice(0, 4).join(',') || 'no answer'}${ids ? ` · ${ids}` : ''} · ${markersOf(evidence.filter(proves).length > 0 ? evidence.filter(proves) : evidence)}`;
  if (reached) return { subject, got };
  return { subject, got, ...routeDiagnosis(index, route, main, evidence.filter((item) => item.ownerKey === owner.key), what) };
}

/** What the doctor uploaded is deleted again by its owner when the profile has a delete write and writes are allowed. */
async function removeDocuments(target: Target, provisioned: Provisioned, signedIn: Map<string, SignedIn>, rows: DoctorRow[]): Promise<void> {
  const { profile } = target;
  const index = (profile.writes ?? []).findIndex((write) => write.action === 'delete' && write.object === 'piece');
  const remove = profile.writes?.[index];
  if (!remove || !writesAllowed(target.settings, target.baseURL)) return;
  const failures: string[] = [];
  await mapLimit(provisioned.documents, 4, async (document) => {
    const session = signedIn.get(document.ownerKey);
    if (!session) return;
    try {
      await sendTemplate(session.api, remove.request, document.bindings, { what: `deleting ${document.key}`, headers: await writeHeaders(session.api, profile, session.headers) });
    } catch (error) {
      if (!(error instanceof TargetError) && !(error instanceof MissingBindingError)) throw error;
      failures.push(error.message);
    }
  });
  if (failures.length > 0) rows.push({ subject: `writes[${index}] ${remove.name}`, got: failures[0] ?? '', problem: `${failures.length} document(s) the doctor uploaded could not be deleted by their owner`, field: `writes[${index}].request` });
}
