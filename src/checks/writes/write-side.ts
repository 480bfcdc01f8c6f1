import { expect, test } from '@playwright/test';
import { mapLimit } from '../../util/concurrency';
import { attack, type Attempt } from './attempts';
import { recordWriteFinding, UNATTRIBUTED } from './findings';
import { judgeAttempts, recordSeededProblem, seededProblems } from './judgement';
import { proveLifecycle } from './owner-lifecycle';
import { countListItems, holdsMarker } from './requests';
import { createPiece, deleteQuietly, listAs, routesOf, type ProbePiece, type WriteCheck, type WriteRoutes } from './write-check';
import type { Exchange } from '../../session/exchange';
import { keeps, runBudget } from '../run-plan';
import { attemptVector, writeSideStep } from './write-plan';
import { writeTemplate } from './writer';

/**
 * The write side for one victim: every writer the policy allows proves each write route on a pièce
 * of its own making (positive controls); then every identity the policy forbids tries to upload
 * into the victim's dossier, to rename, overwrite and delete a pièce the victim created for it, and
 * to plant a pièce in the victim's dossier through owner fields of an upload to its own. Finally the
 * victim reads its dossier: every planted marker, missing pièce, changed title or hash is a finding,
 * whatever status the target answered.
 */
export async function verifyWriteSide(check: WriteCheck, victimKey: string): Promise<void> {
  const { run } = check;
  const routes = routesOf(check);
  const remove = routes.deletes[0];
  if (remove) check.pieces.deleteWith((remover) => deleteQuietly(check, remove, remover.writerKey, remover.ownerKey, remover.bindings));
  const victim = run.person(victimKey);
  const writers = run.state.people.filter((person) => run.policy.mayWrite(person.key, victimKey)).map((person) => person.key);
  writers.sort((a, b) => Number(b === victimKey) - Number(a === victimKey));
  const seeded = run.state.documents.filter((document) => document.ownerKey === victimKey);
  if (seeded.length === 0) throw new Error(`${victimKey} owns no pièce in run ${run.state.runId}: nothing to prove intact`);
  const attackers = keptAttackers(check, routes, victimKey);
  if (attackers.length === 0) return;
  const forbidden = attackers.map((attacker) => attacker.attackerKey);

  await test.step(`${victimKey} reads each of its ${seeded.length} pièces through the list and download routes (positive control)`, async () => {
    const problems = await seededProblems(check, routes, victimKey, seeded);
    expect(problems, `positive control failed: ${victimKey} cannot read its own pièces back, so nothing could be proven intact`).toEqual([]);
  });

  for (const writerKey of writers) {
    await test.step(`${writerKey} (${run.policy.relationship(writerKey, victimKey)}) uploads, renames, replaces and deletes a pièce in ${victimKey}'s dossier (positive controls)`, () =>
      proveLifecycle(check, routes, writerKey, victimKey),
    );
  }

  const targets = await test.step(`${victimKey} uploads one pièce for each forbidden writer to aim at`, () =>
    mapLimit(forbidden, 4, () => createPiece(check, routes, victimKey, victimKey, 'sacrificial')),
  );
  const before = await listAs(check, routes, victimKey, victim.bindings);
  const attempts = await test.step(`${forbidden.map((key) => key ?? 'anonymous').join(', ')} try to write into ${victimKey}'s dossier and pièces`, async () =>
    (await mapLimit(attackers, 4, (attacker, index) => attack(check, routes, attacker.attackerKey, victimKey, targets[index] as ProbePiece, attacker.sends))).flat(),
  );

  await test.step(`${victimKey}'s pièces are intact: same count, titles and SHA-256, no foreign marker`, async () => {
    const after = await listAs(check, routes, victimKey, victim.bindings);
    const outcome = await judgeAttempts(check, routes, victimKey, attempts, after);
    for (const problem of await seededProblems(check, routes, victimKey, seeded, after)) recordSeededProblem(check, victimKey, problem);
    const expected = (countListItems(before.text) ?? NaN) + outcome.added - outcome.removed;
    const count = countListItems(after.text);
    if (count !== undefined && Number.isFinite(expected) && count !== expected) {
      recordWriteFinding(run, check.ledger, {
        flaw: 'integrity', attackerKey: UNATTRIBUTED, victimKey, routeTemplate: `GET ${routes.reader.list.path}`, vector: 'item-count',
        exchange: after, resource: { kind: 'dossier', key: `${victimKey}-dossier` }, severity: 'high',
        outcome: `${victimKey}'s list holds ${count} pièces where ${expected} were expected after the probes (${countListItems(before.text)} before them)`,
      });
    }
    await cleanUp(check, routes, victimKey, targets, attempts, after);
  });
}

/**
 * Under a budget: the attempts it keeps, each attacker's throw-away pièce where one is kept, and
 * the victim's controls where any is (run-plan keeps them together); without one, everything.
 */
function keptAttackers(check: WriteCheck, routes: WriteRoutes, victimKey: string): { attackerKey: string | undefined; sends: Set<string> }[] {
  const { run } = check;
  const step = writeSideStep(run, routes, victimKey);
  const kept = (key: string, route: string, action: string, relationship: string, vector: string): boolean => keeps(run, key, { family: 'writes', route, action, relationship, vector });
  const attackers = step.attackers.map((attacker) => {
    const relationship = run.policy.relationship(attacker.attackerKey, victimKey);
    const attempts = attacker.attempts.filter((attempt) => kept(attempt.key, writeTemplate(attempt.route), attempt.flaw, relationship, attemptVector(attempt.flaw)));
    // Its throw-away pièce is kept with its first kept attempt, and what an attempt costs after
    // it is sent with that attempt: counted here where they are not.
    for (const key of attacker.targetKeys) kept(key, 'victim', 'positive-control', 'owner', 'probe-piece');
    for (const key of attacker.attempts.flatMap((attempt) => attempt.followUps)) kept(key, 'victim', 'positive-control', 'owner', 'follow-up');
    return { attackerKey: attacker.attackerKey, sends: new Set(attempts.map((attempt) => attempt.key)) };
  }).filter((attacker) => runBudget(run).max === undefined || attacker.sends.size > 0);
  for (const key of step.controls) kept(key, 'victim', 'positive-control', 'owner', 'positive-control');
  return attackers;
}

/**
 * Removes what the probes left in the target, as someone allowed to: the victim, for what is in
 * its dossier now; the writer of its own dossier, for a mass-assignment upload that stayed there.
 * What is in no list is gone already (a forbidden delete that landed, an upload refused).
 */
async function cleanUp(check: WriteCheck, routes: WriteRoutes, victimKey: string, targets: ProbePiece[], attempts: Attempt[], after: Exchange): Promise<void> {
  if (!routes.deletes[0]) return;
  const { run, pieces } = check;
  const piece = run.profile.ids.piece;
  for (const target of targets) if (!target.titleMarkers.some((marker) => holdsMarker(after.text, marker))) pieces.forget(target.bindings[piece]);
  for (const attempt of attempts) {
    if (attempt.createdId === undefined) continue;
    const landed = attempt.marker !== undefined && holdsMarker(after.text, attempt.marker);
    const ownerKey = landed ? victimKey : attempt.placedIn;
    const writerKey = landed ? victimKey : attempt.attackerKey;
    if (!attempt.marker || ownerKey === undefined || writerKey === undefined) pieces.forget(attempt.createdId);
    else pieces.track(attempt.createdId, [{ writerKey, ownerKey, bindings: { ...run.person(ownerKey).bindings, [piece]: attempt.createdId } }]);
  }
  expect(await pieces.removeAll(), 'clean-up of the pièces the write probes created failed: the target keeps them').toEqual([]);
}
