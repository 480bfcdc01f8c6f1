import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { seedRun } from '../../../src/bench/seed';
import { FreshSessions } from '../../../src/checks/sessions/fresh-sessions';
import { sessionWiring } from '../../../src/checks/sessions/wiring';
import type { Finding } from '../../../src/findings/types';
import { loadProfile } from '../../../src/profile/load';
import { RunContext } from '../../../src/run/context';
import { runDir, type RunState } from '../../../src/run/state';
import type { Target } from '../../../src/run/target';
import { Ledger } from '../../../src/session/ledger';
import { IdentityPool } from '../../../src/session/pool';
import { createScanner } from '../../../src/session/scanner';
import { buildApp } from '../../src/app';
import type { FlawId } from '../../src/flaws/catalog';

/** What a family's probes receive, as the suite's fixtures hand it to them (fixtures/). */
export interface DetectionContext {
  run: RunContext;
  pool: IdentityPool;
  ledger: Ledger;
  browser: Browser;
  /** The sessions the session checks open for themselves, all ended when the probes return, as the freshSessions fixture does. */
  sessions: FreshSessions;
  /** The workers' environment as the suite's has it: the provisioning token (the lifecycle checks provision their own usagers). */
  env: NodeJS.ProcessEnv;
}

/** The reference portal in this process with some flaws on, its population seeded and signed in. */
export interface DetectionTarget {
  run: RunContext;
  /**
   * Runs probes with a fresh ledger, as the suite's fixtures give a test, and returns the ledger's
   * findings. The identities (their sessions and browsers) are fresh too, unless the target keeps
   * them from one probe to the next, as the suite's worker-scoped pool does.
   */
  probe(browser: Browser, probes: (context: DetectionContext) => Promise<void>): Promise<Finding[]>;
  close(): Promise<void>;
}

const PROFILE = 'profiles/reference-portal.json';
/** The flaw matrix's population: the smallest that holds every relationship class. */
const POPULATION = 'seeds/matrix.json';

interface Snapshot {
  dir: string;
  token: string;
  target: Target;
  state: RunState;
}

let snapshot: Promise<Snapshot> | undefined;

/**
 * Seeds the population once per worker, as the setup project does (provisioning API, every
 * identity signed in), into a portal whose database is a file, then closes it: each detection
 * starts a portal of its own on a copy of that database and those files, so the sessions the
 * setup saved are valid there, and no test sees what another one wrote, logged out or revoked.
 * Passwords are scrypt-hashed: seeding is the slow part, done once.
 */
function seeded(): Promise<Snapshot> {
  snapshot ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloison-detection-seed-'));
    let runId: string | undefined;
    // Every test of this worker may still start a portal from the seed: it goes when the worker does.
    process.once('exit', () => {
      rmSync(dir, { recursive: true, force: true });
      if (runId) rmSync(runDir(runId), { recursive: true, force: true });
    });
    const token = `prov-${Math.random().toString(36).slice(2)}`;
    const portal = await listen(dir, token, []);
    try {
      const { provisioning } = loadProfile(PROFILE);
      if (provisioning.mode !== 'api') throw new Error(`${PROFILE}: detections seed through the provisioning API`);
      const run = await seedRun({ baseURL: portal.baseURL, token, tokenEnv: provisioning.tokenEnv }, POPULATION);
      runId = run.state.runId;
      return { dir, token, target: run.target, state: run.state };
    } finally {
      await portal.close();
    }
  })();
  return snapshot;
}

/** Short enough to wait out in a detection, long enough for a link to be opened right after it is made on a loaded machine. */
export const SHORT_SHARE_TTL_SECONDS = 2;

export interface DetectionOptions {
  /** The share links' lifetime, given to the portal and declared to the checks alike; default: the profile's. */
  shareTtlSeconds?: number;
  /** One identity pool for every probe of this target, disposed at close (default: one per probe). */
  keepIdentities?: boolean;
}

async function listen(dir: string, token: string, flaws: readonly FlawId[], shareTtlSeconds = loadProfile(PROFILE).share?.ttlSeconds): Promise<{ baseURL: string; close(): Promise<void> }> {
  const app = await buildApp({ dbPath: join(dir, 'portal.db'), uploadsDir: join(dir, 'uploads'), provisioningToken: token, flaws: new Set(flaws), shareTtlSeconds, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { baseURL: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function detectionTarget(flaws: readonly FlawId[], options: DetectionOptions = {}): Promise<DetectionTarget> {
  const seed = await seeded();
  const dir = mkdtempSync(join(tmpdir(), 'cloison-detection-'));
  cpSync(seed.dir, dir, { recursive: true });
  const portal = await listen(dir, seed.token, flaws, options.shareTtlSeconds);
  // Same people, documents and sessions; only where the target answers changed (cookies are per host, not port).
  const { profile } = seed.target;
  const share = profile.share && options.shareTtlSeconds !== undefined ? { ...profile.share, ttlSeconds: options.shareTtlSeconds } : profile.share;
  const run = new RunContext({ ...seed.target, profile: { ...profile, share }, baseURL: portal.baseURL }, { ...seed.state, baseURL: portal.baseURL });
  let kept: IdentityPool | undefined;
  return {
    run,
    async probe(browser, probes) {
      const pool = kept ?? new IdentityPool(run, browser, createScanner(run.state, run.profile), join(dir, 'screenshots'));
      if (options.keepIdentities) kept = pool;
      const ledger = new Ledger(run);
      pool.sink = ledger;
      const sessions = new FreshSessions(sessionWiring({ run, ledger, browser }));
      const env = profile.provisioning.mode === 'api' ? { [profile.provisioning.tokenEnv]: seed.token } : {};
      try {
        await probes({ run, pool, ledger, browser, sessions, env });
      } finally {
        await sessions.disposeAll();
        if (!options.keepIdentities) await pool.dispose();
        pool.sink = undefined;
      }
      return ledger.findings();
    },
    async close() {
      await kept?.dispose();
      await portal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
