import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PersonRole } from '../profile/types';
import type { Bindings } from '../util/template';
import { runDir } from './state';

/**
 * What a run created on the target, written the moment the target answered, so that a run
 * interrupted halfway through provisioning still knows what it left: one JSON line per object
 * created, and one per object removed. Ids and keys only, never a secret.
 */
export type SeededObject =
  | { kind: 'person'; role: PersonRole; key: string; bindings: Bindings }
  | { kind: 'document'; key: string; ownerKey: string; bindings: Bindings };

/** The first line: where the objects are, so that `cloison cleanup` talks to the right target. */
export interface SeededTarget {
  profile: string;
  baseURL: string;
}

type Line = ({ created: true } & SeededObject) | { removed: string } | { target: SeededTarget };

export function seededFile(runId: string): string {
  return join(runDir(runId), 'seeded.jsonl');
}

/** The id of an object in the ledger: kinds have separate key spaces. */
export const objectId = (object: Pick<SeededObject, 'kind' | 'key'>): string => `${object.kind}:${object.key}`;

export interface SeededLedger {
  created(object: SeededObject): void;
}

export function seededLedger(runId: string, target?: SeededTarget): SeededLedger & { removed(object: SeededObject): void } {
  const file = seededFile(runId);
  const append = (line: Line): void => {
    mkdirSync(runDir(runId), { recursive: true, mode: 0o700 });
    appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  };
  if (target && !existsSync(file)) append({ target });
  return {
    created: (object) => append({ created: true, ...object }),
    removed: (object) => append({ removed: objectId(object) }),
  };
}

/** The objects of a run still on the target, in the order they were created. */
export function seededLeft(runId: string): SeededObject[] {
  return readLedger(runId).left;
}

/** Where the run seeded, when its setup got that far. */
export function seededTarget(runId: string): SeededTarget | undefined {
  return readLedger(runId).target;
}

function readLedger(runId: string): { target?: SeededTarget; left: SeededObject[] } {
  const file = seededFile(runId);
  if (!existsSync(file)) return { left: [] };
  const left = new Map<string, SeededObject>();
  let target: SeededTarget | undefined;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text.trim()) continue;
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      // The last line of a run killed while writing it: the object it named was not confirmed.
      continue;
    }
    if ('target' in line) target = line.target;
    else if ('removed' in line) left.delete(line.removed);
    else {
      const { created: _created, ...object } = line;
      left.set(objectId(object), object);
    }
  }
  return { target, left: [...left.values()] };
}
