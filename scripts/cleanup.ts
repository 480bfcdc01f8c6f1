/**
 * Lists what runs left behind, by run id, locally and on the target, and removes it: the objects
 * a run seeded on the target (by the profile's `teardown` requests, as at the end of a run), the
 * sessions it saved (logged out on the target, then removed), and its run state under
 * .cloison/runs/<runId>/. Also after an interrupted or killed run. The target is the one the
 * current settings name (CLOISON_PROFILE, CLOISON_BASE_URL): the same as the scan's.
 *
 *   cloison cleanup                  list leftovers
 *   cloison cleanup <runId> ...      remove what those runs left
 *   cloison cleanup --all            remove what every run left
 *
 * Exit 0 when everything asked for is gone; 2 when something is left on the target (listed).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../src/errors';
import { endRunSessions, SESSION_FOLDERS } from '../src/sign-in/end-sessions';
import { assertReachable } from '../src/transport/reachable';
import { seededFile, seededLeft, seededTarget, type SeededObject } from '../src/run/seeded';
import { runDir } from '../src/run/state';
import { resolveTarget, type Target } from '../src/run/target';
import { describeLeft, tearDownSeeded } from '../src/lifecycle/teardown';

const RUNS = path.join('.cloison', 'runs');

interface Leftover {
  runId: string;
  createdAt?: string;
  release?: string;
  sessions: number;
  complete: boolean;
  onTarget: SeededObject[];
  target?: { profile: string; baseURL: string };
}

function leftovers(): Leftover[] {
  const byDate = (a: Leftover, b: Leftover): number => (a.createdAt ?? '').localeCompare(b.createdAt ?? '');
  if (!existsSync(RUNS)) return [];
  return readdirSync(RUNS)
    .filter((name) => /^[A-Z0-9]{4,12}$/.test(name))
    .map((runId): Leftover => {
      const dir = path.join(RUNS, runId);
      const sessions = SESSION_FOLDERS.map((folder) => path.join(dir, folder)).reduce((sum, folder) => sum + (existsSync(folder) ? readdirSync(folder).length : 0), 0);
      const common = { runId, sessions, onTarget: seededLeft(runId), target: seededTarget(runId) };
      try {
        const state = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as { createdAt?: string; release?: string };
        return { ...common, createdAt: state.createdAt, release: state.release, complete: true };
      } catch {
        // Interrupted during setup: objects and sessions may exist without a state file.
        return { ...common, complete: false };
      }
    })
    .sort(byDate);
}

function describe(l: Leftover): string {
  const kinds = new Map<string, number>();
  for (const object of l.onTarget) {
    const kind = object.kind === 'document' ? 'document' : object.role;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const onTarget = l.onTarget.length
    ? `${[...kinds].map(([kind, count]) => `${count} ${kind}(s)`).join(', ')} still on ${l.target?.baseURL ?? 'the target'} (profile ${l.target?.profile ?? '?'}; canaries CLSN-${l.runId}-*)`
    : 'nothing on the target';
  const local = `${l.complete ? 'run state' : 'interrupted before the run state was written'}, ${l.sessions} session file(s)`;
  return `${l.runId}  ${l.createdAt ?? '?'}  ${l.release ?? ''}  ${onTarget}; locally: ${local}`;
}

/** Removes one run's leftovers; answers the lines of what is still on the target. */
async function remove(l: Leftover, target: () => Target): Promise<string[]> {
  let left: string[] = [];
  let current: Target | undefined;
  if (l.onTarget.length > 0 || l.sessions > 0) current = target();
  if (l.onTarget.length > 0 && current) {
    const seededOn = l.target;
    if (seededOn && (seededOn.baseURL !== current.baseURL || seededOn.profile !== current.profile.name)) {
      left = [`seeded on ${seededOn.baseURL} (profile ${seededOn.profile}), not the target of these settings (${current.baseURL}, profile ${current.profile.name}): set CLOISON_PROFILE and CLOISON_BASE_URL to it`];
    } else {
      const reached = await assertReachable(current.baseURL).then(() => undefined, (error: unknown) => (error as Error).message);
      if (reached) left = [reached];
      else {
        const result = await tearDownSeeded({ profile: current.profile, baseURL: current.baseURL, runId: l.runId, env: process.env });
        if (result.removed > 0) console.log(`${l.runId}: ${result.removed} object(s) removed from ${current.baseURL}`);
        left = describeLeft(result.left);
      }
    }
  }
  if (l.sessions > 0 && current) {
    const ended = await endRunSessions(current.profile, current.baseURL, l.runId);
    console.log(`${l.runId}: ${ended.loggedOut} session(s) logged out, ${ended.failures.length} could not be (files removed)`);
  }
  const dir = runDir(l.runId);
  if (left.length === 0) rmSync(dir, { recursive: true, force: true });
  else {
    // What is still on the target stays listed: the ledger of seeded objects is all that is kept.
    for (const name of readdirSync(dir)) if (path.join(dir, name) !== seededFile(l.runId)) rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  console.log(`${left.length === 0 ? 'removed' : 'partly removed'} ${dir}: ${describe(l)}`);
  return left;
}

async function main(argv: string[]): Promise<number> {
  const all = leftovers();
  const wanted = argv.includes('--all') ? all : all.filter((l) => argv.includes(l.runId));
  const unknown = argv.filter((a) => a !== '--all' && !all.some((l) => l.runId === a));
  if (unknown.length) {
    console.error(`cloison cleanup: no leftovers for ${unknown.join(', ')}`);
    return 2;
  }
  if (argv.length === 0) {
    console.log(all.length ? `cloison cleanup: ${all.length} run(s) left something:\n${all.map(describe).join('\n')}\nRemove with: cloison cleanup <runId> ... | --all` : 'cloison cleanup: nothing left behind.');
    return 0;
  }
  let target: Target | undefined;
  const settingsTarget = (): Target => (target ??= resolveTarget());
  let stillThere = 0;
  for (const l of wanted) {
    const left = await remove(l, settingsTarget);
    stillThere += left.length;
    if (left.length) console.error(`${l.runId}: still on the target:\n  ${left.join('\n  ')}`);
  }
  return stillThere > 0 ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`cloison cleanup: ${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.message : error).split('\n')[0]}`);
    process.exitCode = 2;
  },
);
