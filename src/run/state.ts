import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Bindings } from '../util/template';
import type { Person, PieceType, PopulationSpec, SeededDocument } from '../population/types';
import type { Target } from './target';

/** A person as the run knows it after provisioning: no password, plus the ids the portal gave. */
export type SeededPerson = Omit<Person, 'password'> & { bindings: Bindings };

export type DocumentRecord = Omit<SeededDocument, 'bytes'> & { type: PieceType; bindings: Bindings };

/**
 * What the setup project leaves for the checks. Secrets stay out: passwords are re-derived from
 * the seed when a check needs one, and sessions live in storage-state files beside this one.
 */
export interface RunState {
  runId: string;
  seed: number;
  release: string;
  profile: string;
  baseURL: string;
  spec: PopulationSpec;
  people: SeededPerson[];
  documents: DocumentRecord[];
  /** Identity key → storage-state file (cookies), written at login. */
  sessions: Record<string, string>;
  createdAt: string;
}

export function runDir(runId: string): string {
  return join('.cloison', 'runs', runId);
}

export function stateFile(runId: string): string {
  return join(runDir(runId), 'state.json');
}

/** The state of a run whose population was just seeded and signed in (the setup project and the bench's seed). */
export function seededRunState(target: Pick<Target, 'settings' | 'profile' | 'baseURL'>, spec: PopulationSpec, seeded: Pick<RunState, 'people' | 'documents' | 'sessions'>): RunState {
  const { settings, profile, baseURL } = target;
  return {
    runId: settings.runId,
    seed: settings.seed,
    release: settings.release,
    profile: profile.name,
    baseURL,
    spec,
    people: seeded.people,
    documents: seeded.documents,
    sessions: seeded.sessions,
    createdAt: new Date().toISOString(),
  };
}

export function writeRunState(state: RunState): void {
  const file = stateFile(state.runId);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(state, null, 2));
}

export function readRunState(runId: string): RunState {
  const file = stateFile(runId);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunState;
  } catch {
    throw new Error(`No run state at ${file}: the setup project (provisioning) did not complete for run ${runId}.`);
  }
}
