import { oneOfEachClass } from '../../policy/classes';
import type { PlannedProbe } from '../../probes/probe-order';
import type { WriteRoute } from '../../profile/types';
import type { RunContext } from '../../run/context';
import { writesAllowed } from '../../settings/settings';
import type { WriteFlaw } from './findings';
import { writeTemplate } from './writer';

/**
 * What the write side sends for one victim, before anything is sent: the check walks it and the
 * run's budget (src/checks/run-plan.ts) plans it with the other families. Every forbidden write
 * needs the victim's controls (it reads its pièces back, each allowed writer proves every write
 * route, the list before and after) and the throw-away pièce it aims at; under a budget a victim
 * none of whose attempts is kept sends nothing at all. The controls are counted one per request
 * they make on a target that answers as it should (a flawed one makes a few more reads).
 */
export type AttemptFlaw = Extract<WriteFlaw, 'upload' | 'rename' | 'overwrite' | 'delete' | 'mass-assignment'>;

export interface PlannedAttempt {
  flaw: AttemptFlaw;
  route: WriteRoute;
  key: string;
  /**
   * What the attempt costs after it is sent, one key per request: an overwrite's target is
   * downloaded again by the victim; a mass-assignment upload, which lands in the attacker's own
   * dossier on a target that answers as it should, is deleted there.
   */
  followUps: string[];
}

export interface WriteAttacker {
  attackerKey: string | undefined;
  /** The victim's throw-away pièce this attacker aims at: its upload, its removal. */
  targetKeys: string[];
  attempts: PlannedAttempt[];
}

export interface WriteSideStep {
  victimKey: string;
  /** The victim's reads and the allowed writers' lifecycles, one key per request. */
  controls: string[];
  attackers: WriteAttacker[];
}

interface Routes {
  uploads: readonly WriteRoute[];
  renames: readonly WriteRoute[];
  replaces: readonly WriteRoute[];
  deletes: readonly WriteRoute[];
}

export function writeRoutesOf(routes: readonly WriteRoute[]): Routes {
  const of = (action: WriteRoute['action']): WriteRoute[] => routes.filter((route) => route.action === action);
  return { uploads: of('upload'), renames: of('rename'), replaces: of('replace'), deletes: of('delete') };
}

/** The dossier a forbidden identity may write into itself: where its mass-assignment upload goes. */
export function ownDossierOf(run: RunContext, attackerKey: string | undefined, victimKey: string): string | undefined {
  if (attackerKey === undefined) return undefined;
  return run.usagers().find((person) => person.key !== victimKey && run.policy.mayWrite(attackerKey, person.key))?.key;
}

export const attemptKey = (victimKey: string, attackerKey: string | undefined, flaw: AttemptFlaw, route: WriteRoute): string =>
  `writes|${victimKey}|${attackerKey ?? 'anonymous'}|${flaw}|${writeTemplate(route)}`;

export function writeSideStep(run: RunContext, routes: Routes, victimKey: string): WriteSideStep {
  const prefix = `writes|${victimKey}`;
  const writers = run.state.people.filter((person) => run.policy.mayWrite(person.key, victimKey)).map((person) => person.key);
  // One attacker of each relationship class (and role), rotating over the victims so every
  // member attacks someone: linear in people, where every identity × every victim grew as their
  // product (31,169 planned write probes at 64 usagers, each with a pièce seeded for it).
  const turn = Math.max(0, run.usagers().findIndex((person) => person.key === victimKey));
  const forbidden = oneOfEachClass(run.policy, run.identities().filter((key) => key === undefined || !run.policy.mayWrite(key, victimKey)), victimKey, { byRole: true, turn });
  const seeded = run.state.documents.filter((document) => document.ownerKey === victimKey);
  const { uploads, renames, replaces, deletes } = routes;
  // Per writer: upload and list per upload route, write and read back per rename, replace and
  // delete, a pièce of its own for each delete past the uploads, and what no delete took away.
  const lifecycle = 2 * (uploads.length + renames.length + replaces.length + deletes.length) + Math.max(0, deletes.length - uploads.length) + (deletes.length > 0 ? Math.max(0, uploads.length - deletes.length) : 0);
  const controls = [
    `${prefix}|seeded|list`,
    ...seeded.map((document) => `${prefix}|seeded|${document.key}`),
    ...writers.flatMap((writerKey) => Array.from({ length: lifecycle }, (_, index) => `${prefix}|lifecycle|${writerKey}|${index}`)),
    `${prefix}|list-before`,
    `${prefix}|list-after`,
    ...seeded.map((document) => `${prefix}|seeded-after|${document.key}`),
  ];
  const attackers = forbidden.map((attackerKey) => {
    const who = `${prefix}|${attackerKey ?? 'anonymous'}`;
    const attempt = (flaw: AttemptFlaw, route: WriteRoute): PlannedAttempt => {
      const key = attemptKey(victimKey, attackerKey, flaw, route);
      return { flaw, route, key, followUps: FOLLOW_UP[flaw] ? [`${key}|${FOLLOW_UP[flaw]}`] : [] };
    };
    const attempts = [
      ...uploads.filter((route) => !route.ownSpace).map((route) => attempt('upload', route)),
      ...renames.map((route) => attempt('rename', route)),
      ...replaces.map((route) => attempt('overwrite', route)),
      ...deletes.map((route) => attempt('delete', route)),
      ...(ownDossierOf(run, attackerKey, victimKey) ? uploads.map((route) => attempt('mass-assignment', route)) : []),
    ];
    return { attackerKey, targetKeys: [`${who}|target`, ...(deletes.length > 0 ? [`${who}|target-removal`] : [])], attempts };
  });
  return { victimKey, controls, attackers };
}

const FOLLOW_UP: Partial<Record<AttemptFlaw, string>> = { overwrite: 'read-back', 'mass-assignment': 'clean-up' };

const VECTOR: Record<AttemptFlaw, string> = { upload: 'foreign-dossier', rename: 'foreign-piece', overwrite: 'foreign-piece', delete: 'foreign-piece', 'mass-assignment': 'owner-fields' };
export const attemptVector = (flaw: AttemptFlaw): string => VECTOR[flaw];

/** The write routes the write side would use on this target: none where writes are not allowed. */
export function plannedWriteRoutes(run: RunContext): WriteRoute[] {
  const routes = run.profile.writes ?? [];
  return routes.length > 0 && writesAllowed(run.target.settings, run.target.baseURL) ? routes : [];
}

/**
 * Every request of the write side, as the budget sees it: each attempt is the unit's direct probe
 * (route × forbidden class × write); every victim meets one member of each class before any meets
 * a second, which ranks as a rarer vector (it tells less than the first member on another victim). The protected-field probes (one attacker per victim) are not planned.
 */
export function plannedWriteProbes(run: RunContext): PlannedProbe[] {
  const routes = writeRoutesOf(plannedWriteRoutes(run));
  if (routes.uploads.length === 0) return [];
  const victims = run.usagers().map((person) => person.key);
  const planned: PlannedProbe[] = [];
  for (const [victimIndex, victimKey] of victims.entries()) {
    const step = writeSideStep(run, routes, victimKey);
    const base = { family: 'writes', depth: victimIndex, relationship: 'owner' };
    for (const key of step.controls) planned.push({ ...base, key, route: 'victim', action: 'positive-control', vector: 'positive-control', control: true });
    const members = new Map<string, number>();
    for (const attacker of step.attackers) {
      const relationship = run.policy.relationship(attacker.attackerKey, victimKey);
      const turn = members.get(relationship) ?? 0;
      members.set(relationship, turn + 1);
      for (const key of attacker.targetKeys) planned.push({ ...base, key, route: 'victim', action: 'positive-control', vector: 'probe-piece', control: true });
      const needs = [...step.controls, ...attacker.targetKeys];
      for (const attempt of attacker.attempts) {
        for (const key of attempt.followUps) planned.push({ ...base, key, route: 'victim', action: 'positive-control', vector: 'follow-up', control: true });
        planned.push({ key: attempt.key, family: 'writes', route: writeTemplate(attempt.route), action: attempt.flaw, relationship, vector: attemptVector(attempt.flaw), depth: victimIndex + turn * victims.length, rank: turn === 0 ? 0 : 1, needs: [...needs, ...attempt.followUps] });
      }
    }
  }
  return planned;
}
