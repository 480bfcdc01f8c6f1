import { expect, test } from '@playwright/test';
import { routeCall } from '../../profile/route';
import type { Profile, RouteSpec } from '../../profile/types';
import { placeholdersOf, type Bindings } from '../../util/template';
import { notApplicable } from '../not-applicable';
import { isSuccess } from '../controls';
import { FLAW, judgeWrite, trackBoth, victimState, type FieldProbe } from './protected-judgement';
import { protectedFieldsOf } from './protected-fields';
import { writeMarker } from './requests';
import { contextOf, createdIdOf, createPiece, deleteQuietly, routesOf, type WriteCheck, type WriteRoutes } from './write-check';
import { probeFile, sendWrite, writeTemplate } from './writer';
import { runBudget } from '../run-plan';
import { countSkipped } from '../../session/throttle';

/** Where the fields tried are written per route (the attack families' coverage, which sits above the checks). */
export interface FieldCoverage {
  tried(route: string, identity: string, vector: string): void;
  skipped(route: string, vector: string): void;
  nothingToTry(route: string, reason: string): void;
}

export interface ProtectedFieldCheck extends WriteCheck {
  /** Per write route: the fields tried on create and on update, or why there were none. */
  coverage: FieldCoverage;
}

/** The probe of one victim, with the coverage its writes are recorded in. */
interface FieldAttack extends FieldProbe {
  check: ProtectedFieldCheck;
}

/**
 * Protected fields on write: the owner of one dossier sets, on its own objects, every field its own
 * metadata shows holding one of its ids or a storage key, to the victim's value, one field at a
 * time, on create and on update. Then it reads its own pièce (the victim's marker or file there is
 * a finding) and the victim reads its own (a changed count, title or SHA-256 is a finding),
 * whatever status the write got.
 */
export async function verifyProtectedFields(check: ProtectedFieldCheck, victimKey: string): Promise<void> {
  const routes = routesOf(check);
  const remove = routes.deletes[0];
  if (remove) check.pieces.deleteWith((remover) => deleteQuietly(check, remove, remover.writerKey, remover.ownerKey, remover.bindings));
  for (const route of routes.deletes) check.coverage.nothingToTry(writeTemplate(route), 'a delete sends no field to set');
  const probe = await prepareFieldProbe(check, routes, victimKey);
  if (!probe) return;
  const names = probe.fields.map((field) => field.name).join(', ');
  await test.step(`${probe.attackerKey} sets ${names} to ${victimKey}'s values on create`, () => setFieldsOnCreate(probe));
  await test.step(`${probe.attackerKey} sets ${names} to ${victimKey}'s values on update of its own pièce`, () => setFieldsOnUpdate(probe));
  expect(await check.pieces.removeAll(), 'clean-up of the pièces the protected-field probes created failed: the target keeps them').toEqual([]);
}

/**
 * The attacker, the victim's pièce and the attacker's own, both read by their owners first (the
 * positive controls), and the fields the attacker's metadata shows as its own ids or storage keys;
 * undefined, with the reason recorded as not applicable, when there is nothing to try.
 */
async function prepareFieldProbe(check: ProtectedFieldCheck, routes: WriteRoutes, victimKey: string): Promise<FieldAttack | undefined> {
  const { run, coverage } = check;
  const nothing = (reason: string): undefined => {
    for (const route of [...routes.uploads, ...routes.renames, ...routes.replaces]) coverage.nothingToTry(writeTemplate(route), reason);
    notApplicable(`protected fields on write for ${victimKey}: ${reason}`);
    return undefined;
  };
  const metadata = metadataRouteOf(run.profile, [...Object.keys(run.person(victimKey).bindings), run.profile.ids.piece]);
  if (!metadata) return nothing('the profile has no API metadata route of a pièce addressed by ids known after an upload: no field to read');
  const attackerKey = protectedFieldAttacker(run, victimKey);
  if (attackerKey === undefined) return nothing(`no usager who writes its own dossier is forbidden to write ${victimKey}'s`);
  // Under a probe budget: the fields are one unit per write route, proven on the first victim that
  // has an attacker (a field the target lets a writer set is set the same way for every victim);
  // the other victims' probes are counted as skipped, per route, and listed in coverage.
  const first = run.usagers().find((person) => protectedFieldAttacker(run, person.key) !== undefined)?.key;
  if (runBudget(run).max !== undefined && victimKey !== first) {
    for (const route of [...routes.uploads, ...routes.renames, ...routes.replaces]) {
      countSkipped(runBudget(run), { family: 'writes', route: writeTemplate(route), action: FLAW, relationship: run.policy.relationship(attackerKey, victimKey), vector: `protected fields of ${victimKey}` });
      coverage.skipped(writeTemplate(route), `protected fields of ${victimKey} (proven on ${first ?? 'the first victim'} under CLOISON_MAX_PROBES)`);
    }
    return;
  }

  const victimPiece = await createPiece(check, routes, victimKey, victimKey, 'protegee');
  const victimMeta = await test.step(`${victimKey} reads its own pièce's metadata and file (positive control)`, () => readMetadata(check, metadata, victimKey, victimKey, victimPiece.bindings));
  const last = await victimState(check, routes, victimKey, victimPiece);
  const own = await createPiece(check, routes, attackerKey, attackerKey, 'propre');
  const ownMeta = await test.step(`${attackerKey} reads its own pièce's metadata (positive control)`, () => readMetadata(check, metadata, attackerKey, attackerKey, own.bindings));
  trackBoth(check, own.bindings, attackerKey, victimKey);

  const ownIds = [...Object.values(run.person(attackerKey).bindings), ...Object.values(own.bindings)].filter((value): value is string | number => value !== undefined);
  const { fields, reason } = protectedFieldsOf(ownMeta, victimMeta, ownIds);
  if (fields.length === 0) return nothing(reason ?? 'no protected field');
  return { check, routes, metadata, attackerKey, victimKey, victimPiece, victimHash: last.hash, last, own, fields };
}

/** Create: a new pièce of the attacker's own, uploaded with one field set to the victim's value. */
async function setFieldsOnCreate(probe: FieldAttack): Promise<void> {
  const { check, routes, attackerKey, victimKey } = probe;
  const { run } = check;
  for (const route of routes.uploads) {
    for (const field of probe.fields) {
      const vector = `create:${field.name}`;
      const marker = writeMarker(run.state.runId);
      const titre = `Pièce protégée ${marker}`;
      const { file, type } = await probeFile(run, attackerKey, marker, titre);
      const context = contextOf(check, FLAW, writeTemplate(route), vector, attackerKey, victimKey, false);
      const exchange = await sendWrite(run, await check.pool.get(attackerKey), context, { route, bindings: { ...run.person(attackerKey).bindings, titre, type }, file, extraFields: { [field.name]: field.victim } });
      check.coverage.tried(writeTemplate(route), attackerKey, vector);
      const createdId = isSuccess(exchange.status) ? createdIdOf(check, route, exchange) : undefined;
      const created = createdId === undefined ? undefined : { ...run.person(attackerKey).bindings, [run.profile.ids.piece]: createdId };
      if (created) trackBoth(check, created, attackerKey, victimKey);
      await judgeWrite(probe, { route, vector, field, exchange, ownBindings: created, marker });
    }
  }
}

/** Update: the attacker's own pièce renamed or replaced with one field set to the victim's value. */
async function setFieldsOnUpdate(probe: FieldAttack): Promise<void> {
  const { check, routes, attackerKey, victimKey } = probe;
  const { run } = check;
  for (const route of [...routes.renames, ...routes.replaces]) {
    for (const field of probe.fields) {
      const vector = `update:${field.name}`;
      const marker = writeMarker(run.state.runId);
      const titre = `Pièce modifiée ${marker}`;
      const upload = route.action === 'replace' ? await probeFile(run, attackerKey, marker, titre) : undefined;
      const context = contextOf(check, FLAW, writeTemplate(route), vector, attackerKey, victimKey, false);
      const exchange = await sendWrite(run, await check.pool.get(attackerKey), context, {
        route, bindings: { ...probe.own.bindings, titre, ...(upload ? { type: upload.type } : {}) }, file: upload?.file, extraFields: { [field.name]: field.victim },
      });
      check.coverage.tried(writeTemplate(route), attackerKey, vector);
      // A pièce the write changed is no fair start for the next field: a fresh one is.
      if (await judgeWrite(probe, { route, vector, field, exchange, ownBindings: probe.own.bindings, marker })) {
        probe.own = await createPiece(check, routes, attackerKey, attackerKey, 'propre');
        trackBoth(check, probe.own.bindings, attackerKey, victimKey);
      }
    }
  }
}

/** The usager who sets protected fields on its own objects to the victim's values: one who writes its own dossier and not the victim's. */
function protectedFieldAttacker(run: WriteCheck['run'], victimKey: string): string | undefined {
  return run.usagers().find((person) => person.key !== victimKey && run.policy.mayWrite(person.key, person.key) && !run.policy.mayWrite(person.key, victimKey))?.key;
}

/** The API metadata route of one pièce whose ids are all known right after an upload. */
export function metadataRouteOf(profile: Profile, known: readonly string[]): RouteSpec | undefined {
  const names = new Set(known);
  return profile.routes.find(
    (route) => route.channel === 'api' && !route.roles && route.action === 'metadata' && route.object === 'piece' && placeholdersOf(route.path).every((name) => names.has(name)),
  );
}

/** The owner's own metadata answer as JSON: the positive control, and where protected fields are found. */
async function readMetadata(check: WriteCheck, route: RouteSpec, readerKey: string, ownerKey: string, bindings: Bindings): Promise<unknown> {
  const identity = await check.pool.get(readerKey);
  const exchange = await identity.request(contextOf(check, 'verify', route.path, 'owner-read', readerKey, ownerKey, false), routeCall(route, bindings));
  expect(isSuccess(exchange.status), `positive control failed: ${readerKey} cannot read its own pièce's metadata (GET ${exchange.request.url} answered ${exchange.status}): no protected field could be found`).toBe(true);
  try {
    return JSON.parse(exchange.text) as unknown;
  } catch {
    return exchange.text;
  }
}
