/**
 * The judgement of one protected-field write: what the attacker's own pièce shows after it, and what
 * changed for the victim since the write before.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { expect } from '@playwright/test';
import { TargetError } from '../../errors';
import { routeCall } from '../../profile/route';
import type { RouteSpec, WriteRoute } from '../../profile/types';
import type { Exchange } from '../../session/exchange';
import type { Bindings } from '../../util/template';
import { isSuccess } from '../controls';
import { recordWriteFinding } from './findings';
import type { ProtectedField } from './protected-fields';
import { countListItems, holdsMarker } from './requests';
import { contextOf, downloadAs, listAs, type ProbePiece, type WriteCheck, type WriteRoutes } from './write-check';
import { writeTemplate } from './writer';

export const FLAW = 'protected-field';

/** What the victim reads of its own pièce and dossier, to prove both untouched after each write. */
interface VictimState {
  count: number | undefined;
  hash: string;
}

/** What the probes of one victim share once both positive controls passed. */
export interface FieldProbe {
  check: WriteCheck;
  routes: WriteRoutes;
  /** The API metadata route the attacker reads its own pièce with. */
  metadata: RouteSpec;
  attackerKey: string;
  victimKey: string;
  victimPiece: ProbePiece;
  /** The SHA-256 of the victim's pièce as uploaded. */
  victimHash: string;
  /** The victim's state after the last write: what the next one is compared with. */
  last: VictimState;
  /** The attacker's own pièce the updates aim at (a fresh one after a write that changed it). */
  own: ProbePiece;
  fields: ProtectedField[];
}

/** One write with a protected field set to the victim's value, as sent. */
export interface FieldWrite {
  route: WriteRoute;
  vector: string;
  field: ProtectedField;
  exchange: Exchange;
  /** The attacker's own pièce the write created or aimed at; undefined when a create made none. */
  ownBindings: Bindings | undefined;
  /** The marker the write carried (its title, its bytes). */
  marker: string;
}

/** After one write: what the attacker's own pièce now shows, and what changed for the victim. True when a finding was recorded. */
export async function judgeWrite(probe: FieldProbe, write: FieldWrite): Promise<boolean> {
  const { check, attackerKey, victimKey, victimPiece } = probe;
  const { route, vector, field, exchange, ownBindings } = write;
  const { run } = check;
  const traces = ownBindings ? await ownPieceTraces(probe, field, ownBindings) : [];
  const now = await victimState(check, probe.routes, victimKey, victimPiece, write.marker);
  // A pièce the write moved into the victim's dossier is the victim's to delete now (its writer gets a 404, which would pass for gone).
  if (now.planted && ownBindings) trackBoth(check, ownBindings, attackerKey, victimKey, true);
  if (now.count !== probe.last.count) traces.push(`${victimKey}'s list holds ${now.count ?? '?'} pièces where it held ${probe.last.count ?? '?'}`);
  if (now.hash !== probe.last.hash && probe.last.hash === probe.victimHash) traces.push(`${victimKey}'s pièce no longer downloads to its SHA-256`);
  traces.push(...now.problems);
  probe.last = now;
  if (traces.length === 0) return false;
  recordWriteFinding(run, check.ledger, {
    flaw: FLAW, attackerKey, victimKey, routeTemplate: writeTemplate(route), vector, exchange,
    resource: { kind: 'piece', key: `${victimKey}-probe-piece`, id: String(victimPiece.bindings[run.profile.ids.piece] ?? '') }, severity: 'high',
    outcome: `answered ${exchange.status} to a write on ${attackerKey}'s own ${ownBindings ? 'pièce' : 'dossier'} with ${field.name} set to ${victimKey}'s value; ${traces.join('; ')}`,
  });
  return true;
}

/** What the attacker's own pièce shows of the victim after the write: its field, its marker, its file. */
async function ownPieceTraces(probe: FieldProbe, field: ProtectedField, ownBindings: Bindings): Promise<string[]> {
  const { attackerKey, victimKey } = probe;
  const victimMarker = probe.victimPiece.contentMarker;
  const traces: string[] = [];
  const sent = scalarStrings(field.victim);
  const read = await readOwn(probe.check, probe.metadata, probe.routes, attackerKey, ownBindings);
  if (read.meta !== undefined && isDeepStrictEqual(read.meta[field.name], field.victim)) traces.push(`${attackerKey}'s own pièce now carries ${victimKey}'s ${field.name}`);
  if ([read.metadataText, read.downloadText].some((text) => holdsMarker(withoutSent(text, sent), victimMarker))) traces.push(`${attackerKey}'s own pièce now shows ${victimKey}'s marker ${victimMarker}`);
  if (read.downloadHash === probe.victimHash) traces.push(`${attackerKey}'s own pièce now downloads ${victimKey}'s file (same SHA-256)`);
  return traces;
}

/** Whoever may delete a pièce wherever a flawed write put it: its writer in its own dossier, or the victim in its. */
export function trackBoth(check: WriteCheck, bindings: Bindings, attackerKey: string, victimKey: string, victimFirst = false): void {
  const { run } = check;
  const id = bindings[run.profile.ids.piece];
  if (id === undefined) return;
  const removers = [
    { writerKey: attackerKey, ownerKey: attackerKey, bindings },
    { writerKey: victimKey, ownerKey: victimKey, bindings: { ...run.person(victimKey).bindings, [run.profile.ids.piece]: id } },
  ];
  check.pieces.track(id, victimFirst ? removers.reverse() : removers);
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
export async function victimState(check: WriteCheck, routes: WriteRoutes, victimKey: string, piece: ProbePiece, attackerMarker?: string): Promise<VictimState & { problems: string[]; planted: boolean }> {
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
