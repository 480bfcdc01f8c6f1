/**
 * What every step of the write checks shares: the check's parts, the profile's write routes sorted by
 * action, a probe context per write, the owner's reads that prove a write landed or not, and the
 * throw-away pièces the probes create and delete (never a seeded one).
 */
import { expect } from '@playwright/test';
import { TargetError } from '../../errors';
import type { WriteRoute } from '../../profile/types';
import type { RunContext } from '../../run/context';
import type { Exchange, ProbeContext } from '../../session/exchange';
import type { Ledger } from '../../session/ledger';
import type { IdentityPool } from '../../session/pool';
import type { Bindings } from '../../util/template';
import type { ProbePieces } from './probe-pieces';
import { downloadPiece, listDossier, readerOf, type DossierReader } from './reader';
import { captureFrom, writeMarker } from './requests';
import { isSuccess } from '../controls';
import { probeContext } from '../probe-context';
import { probeFile, sendWrite, writeSucceeded, writeTemplate } from './writer';

export interface WriteCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: Ledger;
  routes: WriteRoute[];
  /** Where every pièce the probes create is tracked until deleted (the probePieces fixture removes what is left). */
  pieces: ProbePieces;
}

export interface WriteRoutes {
  uploads: WriteRoute[];
  renames: WriteRoute[];
  replaces: WriteRoute[];
  deletes: WriteRoute[];
  reader: DossierReader;
}

/** A pièce the run itself created in a dossier, for a write to aim at (never a seeded one). */
export interface ProbePiece {
  dossierOwnerKey: string;
  bindings: Bindings;
  /** Every marker its title ever held (a rename that landed gives it a new one). */
  titleMarkers: string[];
  /** The marker its current bytes hold. */
  contentMarker: string;
}

export function routesOf(check: WriteCheck): WriteRoutes {
  const { run, routes } = check;
  const of = (action: WriteRoute['action']): WriteRoute[] => routes.filter((route) => route.action === action);
  const uploads = of('upload');
  if (uploads.length === 0) {
    // Rename, replace and delete would then have to aim at seeded pièces, which other checks read.
    throw new TargetError(`profile ${run.profile.name}: the write checks need an upload route to create the pièces they aim at`);
  }
  const personBindings = Object.keys(run.usagers()[0]?.bindings ?? {});
  return { uploads, renames: of('rename'), replaces: of('replace'), deletes: of('delete'), reader: readerOf(run.profile, personBindings) };
}


export function contextOf(
  check: WriteCheck,
  flaw: string,
  routeTemplate: string,
  vector: string,
  requesterKey: string | undefined,
  victimKey: string,
  expectDenied: boolean,
  resource?: ProbeContext['resource'],
): ProbeContext {
  return probeContext(check.run, { check: `writes/${flaw}`, routeTemplate, vector, channel: 'api', expectDenied }, { requesterKey, victimKey, resource });
}

export async function listAs(check: WriteCheck, routes: WriteRoutes, readerKey: string, dossier: Bindings): Promise<Exchange> {
  const ownerKey = check.run.ownerOfId('dossier', String(dossier[check.run.profile.ids.dossier] ?? '')) ?? readerKey;
  const identity = await check.pool.get(readerKey);
  const exchange = await listDossier(routes.reader, identity, contextOf(check, 'verify', routes.reader.list.path, 'owner-read', readerKey, ownerKey, false), dossier);
  if (!isSuccess(exchange.status)) {
    throw new TargetError(`${readerKey} cannot list ${ownerKey}'s dossier (GET ${exchange.request.url} answered ${exchange.status}): the write checks could prove nothing`);
  }
  return exchange;
}

export async function downloadAs(check: WriteCheck, routes: WriteRoutes, readerKey: string, ownerKey: string, piece: Bindings): Promise<Exchange> {
  const identity = await check.pool.get(readerKey);
  return downloadPiece(routes.reader, identity, contextOf(check, 'verify', routes.reader.download.path, 'owner-read', readerKey, ownerKey, false), piece);
}

/** A fresh pièce uploaded by a writer the policy allows; its upload is a positive control. */
export async function createPiece(check: WriteCheck, routes: WriteRoutes, writerKey: string, dossierOwnerKey: string, purpose: string, route = routes.uploads[0] as WriteRoute): Promise<ProbePiece> {
  const { run } = check;
  const dossier = run.person(dossierOwnerKey).bindings;
  const marker = writeMarker(run.state.runId);
  const titre = `Pièce ${purpose} ${marker}`;
  const { file, type } = await probeFile(run, dossierOwnerKey, marker, titre);
  const identity = await check.pool.get(writerKey);
  const context = contextOf(check, 'upload', writeTemplate(route), 'positive-control', writerKey, dossierOwnerKey, false);
  const exchange = await sendWrite(run, identity, context, { route, bindings: { ...dossier, titre, type }, file });
  expect(
    writeSucceeded(route, exchange.status),
    `positive control failed: ${writerKey} could not upload into ${dossierOwnerKey}'s dossier through ${writeTemplate(route)} (status ${exchange.status}): refusals of others would prove nothing`,
  ).toBe(true);
  const id = createdIdOf(check, route, exchange);
  if (id === undefined) {
    throw new TargetError(`upload through ${writeTemplate(route)} answered ${exchange.status} without the new pièce's id (request.capture.${run.profile.ids.piece})`);
  }
  const bindings = { ...dossier, [run.profile.ids.piece]: id };
  check.pieces.track(id, [{ writerKey, ownerKey: dossierOwnerKey, bindings }]);
  return { dossierOwnerKey, bindings, titleMarkers: [marker], contentMarker: marker };
}

export function createdIdOf(check: WriteCheck, route: WriteRoute, exchange: Exchange): string | number | undefined {
  const path = route.request.capture?.[check.run.profile.ids.piece];
  return path === undefined ? undefined : captureFrom(exchange.text, path);
}

export async function deleteQuietly(check: WriteCheck, route: WriteRoute, writerKey: string, ownerKey: string, bindings: Bindings): Promise<number> {
  const identity = await check.pool.get(writerKey);
  const context = contextOf(check, 'delete', writeTemplate(route), 'clean-up', writerKey, ownerKey, false);
  const { status } = await sendWrite(check.run, identity, context, { route, bindings });
  if (writeSucceeded(route, status)) check.pieces.forget(bindings[check.run.profile.ids.piece]);
  return status;
}
