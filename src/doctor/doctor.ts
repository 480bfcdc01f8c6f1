import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { loadAdapter } from '../adapter/load';
import { chromiumArgs, resolveChromium } from '../browser/chromium';
import { provisionPopulation } from '../provisioning/index';
import { NO_LEDGER } from '../provisioning/provision';
import { RunContext } from '../run/context';
import { endRunSessions } from '../sign-in/end-sessions';
import { assertReachable } from '../transport/reachable';
import { runDir, type RunState } from '../run/state';
import { readyOf, type Target } from '../run/target';
import { IdentityPool } from '../session/pool';
import { createScanner } from '../session/scanner';
import { tokenWhereProfileSays } from './browser-token';
import { startLaunch } from './launch';
import { doctorPopulation } from './population';
import { positiveControl } from './positive-control';
import { removeDocuments } from './remove-documents';
import { failed, type DoctorReport, type DoctorRow } from './rows';
import { signEachIn, type SignedIn } from './sign-in';
import { whoamiProvesSomeone } from './whoami';

export type { DoctorReport, DoctorRow } from './rows';

/**
 * Checks a profile against the live portal without attacking it: seeds a small population through
 * the profile, signs each declared role in and proves who it is, then runs each route's positive
 * control as the owner (or the role the route serves). Nothing is probed as anybody else.
 * `env` is the run's environment (the provisioning token of a launched target lives there).
 */
export async function runDoctor(target: Target, env: NodeJS.ProcessEnv): Promise<DoctorReport> {
  const rows: DoctorRow[] = [];
  const started = target.launch ? await startLaunch(target.launch, readyOf(target.profile.launch), env).catch((error: unknown) => failed(rows, 'start the target', error, 'launch.command')) : undefined;
  if (started === null) return report(rows);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: resolveChromium(), args: chromiumArgs(target.allowedHosts) });
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
