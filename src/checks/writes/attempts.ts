import type { WriteRoute } from '../../profile/types';
import type { Exchange, ProbeContext } from '../../session/exchange';
import { isSuccess } from '../controls';
import type { WriteFlaw } from './findings';
import { ownerFieldsOf, writeMarker } from './requests';
import { contextOf, createdIdOf, type ProbePiece, type WriteCheck, type WriteRoutes } from './write-check';
import { probeFile, sendWrite, writeTemplate } from './writer';
import { attemptKey, ownDossierOf, type AttemptFlaw } from './write-plan';

/** One forbidden write and what it aimed at; judged once the victim has looked at its dossier. */
export interface Attempt {
  flaw: Extract<WriteFlaw, 'upload' | 'rename' | 'overwrite' | 'delete' | 'mass-assignment'>;
  attackerKey: string | undefined;
  route: WriteRoute;
  vector: string;
  exchange: Exchange;
  /** The marker the write would plant (title or content); none for a delete. */
  marker?: string;
  target?: ProbePiece;
  /** Id of what an upload created, when the target said so. */
  createdId?: string | number;
  /** Mass assignment: the dossier the URL named (the attacker's own). */
  placedIn?: string;
}

/** Every write a forbidden identity can try against the victim, each with its own marker. */
export async function attack(check: WriteCheck, routes: WriteRoutes, attackerKey: string | undefined, victimKey: string, target: ProbePiece, sends?: ReadonlySet<string>): Promise<Attempt[]> {
  const { run } = check;
  // Under a budget (write-plan's keys): the attempts it kept; without `sends`, every one.
  const kept = (flaw: AttemptFlaw) => (route: WriteRoute): boolean => sends === undefined || sends.has(attemptKey(victimKey, attackerKey, flaw, route));
  const attacker = await check.pool.get(attackerKey);
  const victim = run.person(victimKey);
  const attempts: Attempt[] = [];
  const pieceResource = (): ProbeContext['resource'] => ({ kind: 'piece', key: `${victimKey}-probe-piece`, id: String(target.bindings[run.profile.ids.piece]) });
  const dossierResource = { kind: 'dossier', key: `${victimKey}-dossier`, id: String(victim.bindings[run.profile.ids.dossier] ?? '') };

  // An upload that lands in the uploader's own space (`ownSpace`) has no victim's space to aim at;
  // its owner fields are still tried (mass assignment).
  for (const route of routes.uploads.filter((upload) => !upload.ownSpace).filter(kept('upload'))) {
    const marker = writeMarker(run.state.runId);
    const titre = `Pièce déposée ${marker}`;
    const { file, type } = await probeFile(run, victimKey, marker, titre);
    const context = contextOf(check, 'upload', writeTemplate(route), 'foreign-dossier', attackerKey, victimKey, true, dossierResource);
    const exchange = await sendWrite(run, attacker, context, { route, bindings: { ...victim.bindings, titre, type }, file });
    const createdId = isSuccess(exchange.status) ? createdIdOf(check, route, exchange) : undefined;
    if (createdId !== undefined) check.pieces.track(createdId, [{ writerKey: victimKey, ownerKey: victimKey, bindings: { ...victim.bindings, [run.profile.ids.piece]: createdId } }]);
    attempts.push({ flaw: 'upload', attackerKey, route, vector: 'foreign-dossier', exchange, marker, createdId });
  }
  for (const route of routes.renames.filter(kept('rename'))) {
    const marker = writeMarker(run.state.runId);
    const context = contextOf(check, 'rename', writeTemplate(route), 'foreign-piece', attackerKey, victimKey, true, pieceResource());
    const exchange = await sendWrite(run, attacker, context, { route, bindings: { ...target.bindings, titre: `Pièce renommée ${marker}` } });
    attempts.push({ flaw: 'rename', attackerKey, route, vector: 'foreign-piece', exchange, marker, target });
  }
  for (const route of routes.replaces.filter(kept('overwrite'))) {
    const marker = writeMarker(run.state.runId);
    const { file, type } = await probeFile(run, victimKey, marker, `Pièce remplacée ${marker}`);
    const context = contextOf(check, 'overwrite', writeTemplate(route), 'foreign-piece', attackerKey, victimKey, true, pieceResource());
    const exchange = await sendWrite(run, attacker, context, { route, bindings: { ...target.bindings, type, titre: `Pièce remplacée ${marker}` }, file });
    attempts.push({ flaw: 'overwrite', attackerKey, route, vector: 'foreign-piece', exchange, marker, target });
  }
  for (const route of routes.deletes.filter(kept('delete'))) {
    const context = contextOf(check, 'delete', writeTemplate(route), 'foreign-piece', attackerKey, victimKey, true, pieceResource());
    const exchange = await sendWrite(run, attacker, context, { route, bindings: target.bindings });
    attempts.push({ flaw: 'delete', attackerKey, route, vector: 'foreign-piece', exchange, target });
  }
  attempts.push(...(await massAssignment(check, routes, attackerKey, victimKey, kept('mass-assignment'))));
  return attempts;
}


/**
 * Mass assignment needs a dossier the attacker may legitimately upload into: the URL is then
 * allowed, and only the owner fields of the body name the victim.
 */
async function massAssignment(check: WriteCheck, routes: WriteRoutes, attackerKey: string | undefined, victimKey: string, kept: (route: WriteRoute) => boolean): Promise<Attempt[]> {
  const { run } = check;
  const ownKey = ownDossierOf(run, attackerKey, victimKey);
  const own = ownKey === undefined ? undefined : run.person(ownKey);
  if (!own || attackerKey === undefined) return [];
  const attacker = await check.pool.get(attackerKey);
  const victim = run.person(victimKey);
  const dossierResource = { kind: 'dossier', key: `${victimKey}-dossier`, id: String(victim.bindings[run.profile.ids.dossier] ?? '') };
  const attempts: Attempt[] = [];
  for (const route of routes.uploads.filter(kept)) {
    const marker = writeMarker(run.state.runId);
    const titre = `Pièce déposée ${marker}`;
    const { file, type } = await probeFile(run, own.key, marker, titre);
    const fields = ownerFieldsOf(route, run.profile.ids, victim.bindings);
    const context = contextOf(check, 'mass-assignment', writeTemplate(route), 'owner-fields', attackerKey, victimKey, true, dossierResource);
    const exchange = await sendWrite(run, attacker, context, { route, bindings: { ...own.bindings, titre, type }, file, extraFields: fields });
    const createdId = isSuccess(exchange.status) ? createdIdOf(check, route, exchange) : undefined;
    if (createdId !== undefined) {
      const piece = run.profile.ids.piece;
      check.pieces.track(createdId, [
        { writerKey: attackerKey, ownerKey: own.key, bindings: { ...own.bindings, [piece]: createdId } },
        { writerKey: victimKey, ownerKey: victimKey, bindings: { ...victim.bindings, [piece]: createdId } },
      ]);
    }
    attempts.push({ flaw: 'mass-assignment', attackerKey, route, vector: 'owner-fields', exchange, marker, placedIn: own.key, createdId });
  }
  return attempts;
}
