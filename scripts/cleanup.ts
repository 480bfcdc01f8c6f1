/**
 * Finds what runs left behind, by run id, and removes the local part: run state and the session
 * storage files (live cookies of the synthetic accounts) under .cloison/runs/<runId>/. Also after
 * an interrupted run. What a run created on the target (accounts, pièces) is listed with the
 * run-id pattern that identifies it: the profile format declares no teardown API yet, so it is
 * removed on the target side (the reference portal is started fresh by every scan).
 *
 *   npm run cleanup                  list leftovers
 *   npm run cleanup -- <runId> ...   remove those runs' local state
 *   npm run cleanup -- --all         remove every run's local state
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const RUNS = path.join('.cloison', 'runs');

interface Leftover {
  runId: string;
  createdAt?: string;
  baseURL?: string;
  release?: string;
  people: number;
  documents: number;
  sessions: number;
  complete: boolean;
}

function leftovers(): Leftover[] {
  if (!existsSync(RUNS)) return [];
  return readdirSync(RUNS)
    .filter((name) => /^[A-Z0-9]{4,12}$/.test(name))
    .map((runId) => {
      const dir = path.join(RUNS, runId);
      const sessionsDir = path.join(dir, 'sessions');
      const sessions = existsSync(sessionsDir) ? readdirSync(sessionsDir).length : 0;
      try {
        const state = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as { createdAt?: string; baseURL?: string; release?: string; people?: unknown[]; documents?: unknown[] };
        return { runId, createdAt: state.createdAt, baseURL: state.baseURL, release: state.release, people: state.people?.length ?? 0, documents: state.documents?.length ?? 0, sessions, complete: true };
      } catch {
        // Interrupted during setup: sessions may exist without a state file.
        return { runId, people: 0, documents: 0, sessions, complete: false };
      }
    })
    .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
}

function describe(l: Leftover): string {
  const where = l.baseURL ? ` on ${l.baseURL}` : '';
  const what = l.complete ? `${l.people} people, ${l.documents} documents${where} (e-mails *${l.runId.toLowerCase()}*@example.test, canaries CLSN-${l.runId}-*)` : 'interrupted before the run state was written';
  return `${l.runId}  ${l.createdAt ?? '?'}  ${l.release ?? ''}  ${what}; ${l.sessions} session file(s)`;
}

function main(argv: string[]): number {
  const all = leftovers();
  const wanted = argv.includes('--all') ? all : all.filter((l) => argv.includes(l.runId));
  const unknown = argv.filter((a) => a !== '--all' && !all.some((l) => l.runId === a));
  if (unknown.length) {
    console.error(`cloison cleanup: no leftovers for ${unknown.join(', ')}`);
    return 2;
  }
  if (argv.length === 0) {
    console.log(all.length ? `cloison cleanup: ${all.length} run(s) left local state:\n${all.map(describe).join('\n')}\nRemove with: npm run cleanup -- <runId> ... | --all` : 'cloison cleanup: nothing left behind.');
    return 0;
  }
  for (const l of wanted) {
    rmSync(path.join(RUNS, l.runId), { recursive: true, force: true });
    console.log(`removed ${path.join(RUNS, l.runId)}: ${describe(l)}`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
