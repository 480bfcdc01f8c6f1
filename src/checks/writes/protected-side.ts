import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { expect, test } from '@playwright/test';
import { TargetError } from '../../errors';
import { routeCall } from '../../profile/route';
import type { Profile, RouteSpec, WriteRoute } from '../../profile/types';
import type { Exchange } from '../../session/exchange';
import { placeholdersOf, type Bindings } from '../../util/template';
import { notApplicable } from '../not-applicable';
import { isSuccess } from '../controls';
import { recordWriteFinding } from './findings';
import { protectedFieldsOf, type ProtectedField } from './protected-fields';
import { countListItems, holdsMarker, writeMarker } from './requests';
import { contextOf, createdIdOf, createPiece, deleteQuietly, downloadAs, listAs, routesOf, type ProbePiece, type WriteCheck, type WriteRoutes } from './write-check';
import { probeFile, sendWrite, writeTemplate } from './writer';

/** Where the fields tried are written per route (the attack families' coverage, which sits above the checks). */
export interface FieldCoverage {
  tried(route: string, identity: string, vector: string): void;
  nothingToTry(route: string, reason: string): void;
}

export interface ProtectedFieldCheck extends WriteCheck {
  /** Per write route: the fields tried on create and on update, or why there were none. */
  coverage: FieldCoverage;
}

/** What the victim reads of its own pièce and dossier, to prove both untouched after each write. */
interface VictimState {
  count: number | undefined;
  hash: string;
}

const FLAW = 'protected-field';

/**
 * Protected fields on write: the owner of one dossier sets, on its own objects, every field its own
 * metadata shows holding one of its ids or a storage key, to the victim's value, one field at a
 * time, on create and on update. Then it reads its own pièce (the victim's marker or file there is
 * a finding) and the victim reads its own (a changed count, title or SHA-256 is a finding),
 * whatever status the write got.
 */
export async function verifyProtectedFields(check: ProtectedFieldCheck, victimKey: string): Promise<void> {
  const { run, coverage } = check;
  const routes = routesOf(check);
  const remove = routes.deletes[0];
  if (remove) check.pieces.deleteWith((remover) => deleteQuietly(check, remove, remover.writerKey, remover.ownerKey, remover.bindings));
  const writable = [...routes.uploads, ...routes.renames, ...routes.replaces];
  for (const route of routes.deletes) coverage.nothingToTry(writeTemplate(route), 'a delete sends no field to set');
  const nothing = (reason: string): void => {
    for (const route of writable) coverage.nothingToTry(writeTemplate(route), reason);
    notApplicable(`protected fields on write for ${victimKey}: ${reason}`);
  };

  const metadata = metadataRouteOf(run.profile, [...Object.keys(run.person(victimKey).bindings), run.profile.ids.piece]);
  if (!metadata) return nothing('the profile has no API metadata route of a pièce addressed by ids known after an upload: no field to read');
  const attackerKey = run.usagers().find((person) => person.key !== victimKey && run.policy.mayWrite(person.key, person.key) && !run.policy.mayWrite(person.key, victimKey))?.key;
  if (attackerKey === undefined) return nothing(`no usager who writes its own dossier is forbidden to write ${victimKey}'s`);

  const victimPiece = await createPiece(check, routes, victimKey, victimKey, 'protegee');
  const victimMeta = await test.step(`${victimKey} reads its own pièce's metadata and file (positive control)`, () => readMetadata(check, metadata, victimKey, victimKey, victimPiece.bindings));
  let last = await victimState(check, routes, victimKey, victimPiece);
  const victimHash = last.hash;
  let own = await createPiece(check, routes, attackerKey, attackerKey, 'propre');
  const ownMeta = await test.step(`${attackerKey} reads its own pièce's metadata (positive control)`, () => readMetadata(check, metadata, attackerKey, attackerKey, own.bindings));
  trackBoth(check, own.bindings, attackerKey, victimKey);

  const ownIds = [...Object.values(run.person(attackerKey).bindings), ...Object.values(own.bindings)].filter((value): value is string | number => value !== undefined);
  const { fields, reason } = protectedFieldsOf(ownMeta, victimMeta, ownIds);
  if (fields.length === 0) return nothing(reason ?? 'no protected field');
  const victimMarker = victimPiece.contentMarker;

  /** After one write: what the attacker's own pièce now shows, and what changed for the victim. */
  const judge = async (route: WriteRoute, vector: string, field: ProtectedField, exchange: Exchange, ownBindings: Bindings | undefined, marker: string): Promise<boolean> => {
    const traces: string[] = [];
    const sent = scalarStrings(field.victim);
    if (ownBindings) {
      const read = await readOwn(check, metadata, routes, attackerKey, ownBindings);
      if (read.meta !== undefined && isDeepStrictEqual(read.meta[field.name], field.victim)) traces.push(`${attackerKey}'s own pièce now carries ${victimKey}'s ${field.name}`);
      if ([read.metadataText, read.downloadText].some((text) => holdsMarker(withoutSent(text, sent), victimMarker))) traces.push(`${attackerKey}'s own pièce now shows ${victimKey}'s marker ${victimMarker}`);
      if (read.downloadHash === victimHash) traces.push(`${attackerKey}'s own pièce now downloads ${victimKey}'s file (same SHA-256)`);
    }
    const now = await victimState(check, routes, victimKey, victimPiece, marker);
    // A pièce the write moved into the victim's dossier is the victim's to delete now (its writer gets a 404, which would pass for gone).
    if (now.planted && ownBindings) trackBoth(check, ownBindings, attackerKey, victimKey, true);
    if (now.count !== last.count) traces.push(`${victimKey}'s list holds ${now.count ?? '?'} pièces where it held ${last.count ?? '?'}`);
    if (now.hash !== last.hash && last.hash === victimHash) traces.push(`${victimKey}'s pièce no longer downloads to its SHA-256`);
    traces.push(...now.problems);
    last = now;
    if (traces.length === 0) return false;
    recordWriteFinding(run, check.ledger, {
      flaw: FLAW, attackerKey, victimKey, routeTemplate: writeTemplate(route), vector, exchange,
      resource: { kind: 'piece', key: `${victimKey}-probe-piece`, id: String(victimPiece.bindings[run.profile.ids.piece] ?? '') }, severity: 'high',
      outcome: `answered ${exchange.status} to a write on ${attackerKey}'s own ${ownBindings ? 'pièce' : 'dossier'} with ${field.name} set to ${victimKey}'s value; ${traces.join('; ')}`,
    });
    return true;
  };

  await test.step(`${attackerKey} sets ${fields.map((field) => field.name).join(', ')} to ${victimKey}'s values on create`, async () => {
    for (const route of routes.uploads) {
      for (const field of fields) {
        const vector = `create:${field.name}`;
        const marker = writeMarker(run.state.runId);
        const titre = `Pièce protégée ${marker}`;
        const { file, type } = await probeFile(run, attackerKey, marker, titre);
        const context = contextOf(check, FLAW, writeTemplate(route), vector, attackerKey, victimKey, false);
        const exchange = await sendWrite(run, await check.pool.get(attackerKey), context, { route, bindings: { ...run.person(attackerKey).bindings, titre, type }, file, extraFields: { [field.name]: field.victim } });
        coverage.tried(writeTemplate(route), attackerKey, vector);
        const createdId = isSuccess(exchange.status) ? createdIdOf(check, route, exchange) : undefined;
        const created = createdId === undefined ? undefined : { ...run.person(attackerKey).bindings, [run.profile.ids.piece]: createdId };
        if (created) trackBoth(check, created, attackerKey, victimKey);
        await judge(route, vector, field, exchange, created, marker);
      }
    }
  });

  await test.step(`${attackerKey} sets ${fields.map((field) => field.name).join(', ')} to ${victimKey}'s values on update of its own pièce`, async () => {
    for (const route of [...routes.renames, ...routes.replaces]) {
      for (const field of fields) {
        const vector = `update:${field.name}`;
        const marker = writeMarker(run.state.runId);
        const titre = `Pièce modifiée ${marker}`;
        const upload = route.action === 'replace' ? await probeFile(run, attackerKey, marker, titre) : undefined;
        const context = contextOf(check, FLAW, writeTemplate(route), vector, attackerKey, victimKey, false);
        const exchange = await sendWrite(run, await check.pool.get(attackerKey), context, {
          route, bindings: { ...own.bindings, titre, ...(upload ? { type: upload.type } : {}) }, file: upload?.file, extraFields: { [field.name]: field.victim },
        });
        coverage.tried(writeTemplate(route), attackerKey, vector);
        // A pièce the write changed is no fair start for the next field: a fresh one is.
        if (await judge(route, vector, field, exchange, own.bindings, marker)) {
          own = await createPiece(check, routes, attackerKey, attackerKey, 'propre');
          trackBoth(check, own.bindings, attackerKey, victimKey);
        }
      }
    }
  });

  expect(await check.pieces.removeAll(), 'clean-up of the pièces the protected-field probes created failed: the target keeps them').toEqual([]);
}

/** The API metadata route of one pièce whose ids are all known right after an upload. */
export function metadataRouteOf(profile: Profile, known: readonly string[]): RouteSpec | undefined {
  const names = new Set(known);
  return profile.routes.find(
    (route) => route.channel === 'api' && !route.roles && route.action === 'metadata' && route.object === 'piece' && placeholdersOf(route.path).every((name) => names.has(name)),
  );
}

/** Whoever may delete a pièce wherever a flawed write put it: its writer in its own dossier, or the victim in its. */
function trackBoth(check: WriteCheck, bindings: Bindings, attackerKey: string, victimKey: string, victimFirst = false): void {
  const { run } = check;
  const id = bindings[run.profile.ids.piece];
  if (id === undefined) return;
  const removers = [
    { writerKey: attackerKey, ownerKey: attackerKey, bindings },
    { writerKey: victimKey, ownerKey: victimKey, bindings: { ...run.person(victimKey).bindings, [run.profile.ids.piece]: id } },
  ];
  check.pieces.track(id, victimFirst ? removers.reverse() : removers);
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

interface OwnRead {
  meta?: Record<string, unknown>;
  metadataText: string;
  downloadText: string;
  downloadHash?: string;
}

async function readOwn(check: WriteCheck, route: RouteSpec, routes: WriteRoutes, ownerKey: string, bindings: Bindings): Promise<OwnRead> {
  const identity = await check.pool.get(ownerKey);
  const metadata = await identity.request(contextOf(check, 'verify', route.path, 'owner-read', ownerKey, ownerKey, false), routeCall(route, bindings));
  const download = await downloadAs(check, routes, ownerKey, ownerKey, bindings);
  let meta: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(metadata.text) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) meta = parsed as Record<string, unknown>;
  } catch {
    meta = undefined;
  }
  return {
    meta: isSuccess(metadata.status) ? meta : undefined,
    metadataText: metadata.text,
    downloadText: download.text,
    downloadHash: isSuccess(download.status) && download.body ? sha256(download.body) : undefined,
  };
}

/**
 * The victim's own view: its list (count, its pièce's title, no marker the attacker's write
 * carried) and its pièce's bytes. Read once first as the positive control.
 */
async function victimState(check: WriteCheck, routes: WriteRoutes, victimKey: string, piece: ProbePiece, attackerMarker?: string): Promise<VictimState & { problems: string[]; planted: boolean }> {
  const list = await listAs(check, routes, victimKey, check.run.person(victimKey).bindings);
  const download = await downloadAs(check, routes, victimKey, victimKey, piece.bindings);
  const problems: string[] = [];
  const planted = attackerMarker !== undefined && holdsMarker(list.text, attackerMarker);
  const titled = piece.titleMarkers.some((marker) => holdsMarker(list.text, marker));
  if (attackerMarker === undefined) {
    expect(titled && holdsMarker(download.text, piece.contentMarker), `positive control failed: ${victimKey} does not read back the pièce it uploaded (list ${list.status}, download ${download.status})`).toBe(true);
  } else {
    if (!titled) problems.push(`${victimKey}'s list no longer shows its pièce's title`);
    if (planted) problems.push(`${victimKey}'s list now shows the attacker's pièce (marker ${attackerMarker})`);
  }
  if (!download.body || !isSuccess(download.status)) {
    if (attackerMarker === undefined) throw new TargetError(`${victimKey}'s download of its own pièce answered ${download.status} without a body: nothing to hash`);
    problems.push(`${victimKey} can no longer download its pièce (status ${download.status})`);
  }
  return { count: countListItems(list.text), hash: download.body && isSuccess(download.status) ? sha256(download.body) : '', problems, planted };
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The strings a substituted value holds: a marker they carry was sent by the requester itself, not leaked to it. */
function scalarStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(scalarStrings);
}

function withoutSent(text: string, sent: readonly string[]): string {
  return sent.reduce((rest, value) => (value.length >= 8 ? rest.split(value).join('') : rest), text);
}
