import type { ObjectKind } from '../profile/types';
import type { RunContext } from '../run/context';
import type { OwnValues } from './positions';
import { oneVictimOfEachClass } from '../policy/classes';

const KINDS: ObjectKind[] = ['usager', 'dossier', 'piece'];

/**
 * A person's own identifiers as the run seeded them (its person bindings and those of the objects
 * it owns), value → binding. Only bindings the run captured from the target count: a position is
 * a place where the target itself put one of them.
 */
export function ownValues(run: RunContext, key: string): OwnValues {
  const values = new Map<string, string[]>();
  const add = (bindings: Record<string, unknown>): void => {
    for (const [binding, value] of Object.entries(bindings)) {
      if ((typeof value !== 'string' && typeof value !== 'number') || String(value) === '') continue;
      const known = values.get(String(value)) ?? [];
      if (!known.includes(binding)) values.set(String(value), [...known, binding]);
    }
  };
  add(run.person(key).bindings);
  for (const kind of KINDS) for (const object of run.objectsOf(key, kind)) add(object.bindings);
  return values;
}

/** The victim's value for a binding: its own, or that of the first object it owns that has one. */
export function victimValue(run: RunContext, victimKey: string, binding: string): string | undefined {
  const own = run.person(victimKey).bindings[binding];
  if (own !== undefined) return String(own);
  for (const kind of KINDS) {
    const value = run.objectsOf(victimKey, kind).find((object) => object.bindings[binding] !== undefined)?.bindings[binding];
    if (value !== undefined) return String(value);
  }
  return undefined;
}

/** One usager of each relationship class the requester stands in towards the usagers it may not read. */
export function victimsOf(run: RunContext, requesterKey: string | undefined): string[] {
  return oneVictimOfEachClass(run.policy, requesterKey).map((victim) => victim.key);
}
