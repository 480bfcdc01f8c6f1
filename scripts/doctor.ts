/**
 * `cloison doctor [profile.json]`: checks a profile against the live portal without attacking it
 * (src/doctor/doctor.ts) and prints a table, one line per step and route, naming the profile field
 * to fix. Exit 0: every step passed (the profile's fingerprint is remembered, and `scan` skips the
 * doctor until the profile changes); 2: a problem (the table says which field), or bad input (one line).
 */
import 'dotenv/config';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runDoctor } from '../src/doctor/doctor';
import { profileFingerprint, rememberPassed } from '../src/doctor/fingerprint';
import { doctorTable } from '../src/doctor/table';
import { ConfigError } from '../src/errors';
import { runDir } from '../src/run/state';
import { launchTokenVariables, resolveTarget } from '../src/run/target';
import { publishLimiter, startLimiterServer } from '../src/transport/limiter';
import { probeLimits } from '../src/settings/settings';

const USAGE = 'usage: cloison doctor [profile.json]';

async function main(argv: string[]): Promise<number> {
  const [profile, ...extra] = argv;
  if (extra.length > 0 || (profile !== undefined && (profile.startsWith('-') || !profile.endsWith('.json')))) {
    console.error(`cloison doctor: unexpected argument ${extra[0] ?? profile} (${USAGE})`);
    return 2;
  }
  // Its own run id: the people it seeds never collide with a scan's, whatever CLOISON_RUN_ID says.
  const runId = `DR${randomBytes(4).toString('hex').toUpperCase()}`;
  const env: NodeJS.ProcessEnv = { ...process.env, CLOISON_RUN_ID: runId, CLOISON_REPORT_DIR: path.join(runDir(runId), 'reports'), ...(profile ? { CLOISON_PROFILE: path.resolve(profile) } : {}) };
  let target;
  try {
    target = resolveTarget(env);
    // An embedded target the doctor launches shares a provisioning token with it, as the scan's config does.
    Object.assign(env, launchTokenVariables(target, env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`cloison doctor: ${error.message}`);
    return 2;
  }
  // The probes' tally (counted per process) goes to the doctor's run folder, removed at the end.
  process.env.CLOISON_RUN_ID = runId;
  process.env.CLOISON_REPORT_DIR = env.CLOISON_REPORT_DIR;
  // The run's ceilings hold for the doctor too (5/s, 2 in flight off loopback by default), as in a scan's global setup.
  const limits = probeLimits(target.settings, target.baseURL);
  const limiter = limits.requestsPerSecond > 0 || limits.concurrency > 0 ? await startLimiterServer(limits) : undefined;
  publishLimiter(runId, limiter?.address);
  const started = Date.now();
  const report = await runDoctor(target, env).finally(() => limiter?.close());
  process.on('exit', () => rmSync(runDir(runId), { recursive: true, force: true }));
  console.log(doctorTable(report));
  console.log(`(${target.profile.name} at ${target.baseURL}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!report.ok) return 2;
  rememberPassed(profileFingerprint(target.settings));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`cloison doctor: could not check: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exitCode = 2;
  },
);
