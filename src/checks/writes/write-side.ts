import { expect, test } from '@playwright/test';
import { HEALTH_PIECE_TYPES } from '../../findings/finding';
import { TargetError } from '../../errors';
import type { WriteRoute } from '../../profile/types';
import type { RunContext } from '../../run/context';
import type { DocumentRecord } from '../../run/state';
import type { Exchange, ProbeContext } from '../../session/exchange';
import type { Ledger } from '../../session/ledger';
import type { IdentityPool } from '../../session/pool';
import { mapLimit } from '../../util/concurrency';
import type { Bindings } from '../../util/template';
import { isSuccess } from '../controls';
import { CreatedPieces } from './created';
import { recordWriteFinding, UNATTRIBUTED, type WriteFlaw } from './findings';
import { downloadPiece, listDossier, readerOf, type DossierReader } from './reader';
import { captureFrom, countListItems, holdsMarker, holdsTitle, ownerFieldsOf, writeMarker } from './requests';
import { probeFile, sendWrite, writeSucceeded, writeTemplate } from './writer';

export interface WriteCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: Ledger;
  routes: WriteRoute[];
  /** Where every pièce the probes create is tracked until deleted (the spec's fixture removes leftovers). */
  created?: CreatedPieces;
}

interface WriteRoutes {
  uploads: WriteRoute[];
  renames: WriteRoute[];
  replaces: WriteRoute[];
  deletes: WriteRoute[];
  reader: DossierReader;
}

/** A pièce the run itself created in a dossier, for a write to aim at (never a seeded one). */
interface ProbePiece {
  dossierOwnerKey: string;
  bindings: Bindings;
  /** Every marker its title ever held (a rename that landed gives it a new one). */
  titleMarkers: string[];
  /** The marker its current bytes hold. */
  contentMarker: string;
}

/** One forbidden write and what it aimed at; judged once the victim has looked at its dossier. */
interface Attempt {
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

const SEVERITY = { upload: 'high', rename: 'medium', overwrite: 'high', delete: 'high', 'mass-assignment': 'high' } as const;

/**
 * The write side for one victim: every writer the policy allows proves each write route on a pièce
 * of its own making (positive controls); then every identity the policy forbids tries to upload
 * into the victim's dossier, to rename, overwrite and delete a pièce the victim created for it, and
 * to plant a pièce in the victim's dossier through owner fields of an upload to its own. Finally the
 * victim reads its dossier: every planted marker, missing pièce, changed title or hash is a finding,
 * whatever status the target answered.
 */
export async function verifyWriteSide(check: WriteCheck, victimKey: string): Promise<void> {
  if (check.created) return probeWriteSide(check as Required<WriteCheck>, victimKey);
  // Without the fixture, the same guarantee: what a failed step left is removed before returning.
  const created = new CreatedPieces();
  try {
    await probeWriteSide({ ...check, created }, victimKey);
  } finally {
    const failures = await created.removeLeftovers();
    if (failures.length > 0) console.warn(`cloison: the target keeps pièces the write probes created: ${failures.join(', ')}`);
  }
}

async function probeWriteSide(check: Required<WriteCheck>, victimKey: string): Promise<void> {
  const { run } = check;
  const routes = routesOf(check);
  const remove = routes.deletes[0];
  if (remove) check.created.deleteWith((remover) => deleteQuietly(check, remove, remover.writerKey, remover.ownerKey, remover.bindings));
  const victim = run.person(victimKey);
  const writers = run.state.people.filter((person) => run.policy.mayWrite(person.key, victimKey)).map((person) => person.key);
  writers.sort((a, b) => Number(b === victimKey) - Number(a === victimKey));
  const forbidden = run.identities().filter((key) => key === undefined || !run.policy.mayWrite(key, victimKey));
  const seeded = run.state.documents.filter((document) => document.ownerKey === victimKey);
  if (seeded.length === 0) throw new Error(`${victimKey} owns no pièce in run ${run.state.runId}: nothing to prove intact`);

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
    (await mapLimit(forbidden, 4, (attackerKey, index) => attack(check, routes, attackerKey, victimKey, targets[index] as ProbePiece))).flat(),
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

function routesOf(check: WriteCheck): WriteRoutes {
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

function contextOf(
  check: WriteCheck,
  flaw: string,
  routeTemplate: string,
  vector: string,
  requesterKey: string | undefined,
  victimKey: string,
  expectDenied: boolean,
  resource?: ProbeContext['resource'],
): ProbeContext {
  return {
    check: `writes/${flaw}`,
    routeTemplate,
    vector,
    channel: 'api',
    victimKey,
    relationship: check.run.policy.relationship(requesterKey, victimKey),
    ...(resource ? { resource } : {}),
    expectDenied,
  };
}

async function listAs(check: WriteCheck, routes: WriteRoutes, readerKey: string, dossier: Bindings): Promise<Exchange> {
  const ownerKey = check.run.ownerOfId('dossier', String(dossier[check.run.profile.ids.dossier] ?? '')) ?? readerKey;
  const identity = await check.pool.get(readerKey);
  const exchange = await listDossier(routes.reader, identity, contextOf(check, 'verify', routes.reader.list.path, 'owner-read', readerKey, ownerKey, false), dossier);
  if (!isSuccess(exchange.status)) {
    throw new TargetError(`${readerKey} cannot list ${ownerKey}'s dossier (GET ${exchange.request.url} answered ${exchange.status}): the write checks could prove nothing`);
  }
  return exchange;
}

async function downloadAs(check: WriteCheck, routes: WriteRoutes, readerKey: string, ownerKey: string, piece: Bindings): Promise<Exchange> {
  const identity = await check.pool.get(readerKey);
  return downloadPiece(routes.reader, identity, contextOf(check, 'verify', routes.reader.download.path, 'owner-read', readerKey, ownerKey, false), piece);
}

/** A fresh pièce uploaded by a writer the policy allows; its upload is a positive control. */
async function createPiece(check: WriteCheck, routes: WriteRoutes, writerKey: string, dossierOwnerKey: string, purpose: string, route = routes.uploads[0] as WriteRoute): Promise<ProbePiece> {
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
  check.created?.track(id, [{ writerKey, ownerKey: dossierOwnerKey, bindings }]);
  return { dossierOwnerKey, bindings, titleMarkers: [marker], contentMarker: marker };
}

function createdIdOf(check: WriteCheck, route: WriteRoute, exchange: Exchange): string | number | undefined {
  const path = route.request.capture?.[check.run.profile.ids.piece];
  return path === undefined ? undefined : captureFrom(exchange.text, path);
}

/** Upload, rename, replace, delete by one allowed writer, each proven by what the owner then reads. */
async function proveLifecycle(check: WriteCheck, routes: WriteRoutes, writerKey: string, ownerKey: string): Promise<void> {
  const { run } = check;
  const identity = await check.pool.get(writerKey);
  const dossier = run.person(ownerKey).bindings;
  const proven = (ok: boolean, what: string): void => {
    expect(ok, `positive control failed: ${writerKey} ${what}; the refusals of forbidden writers on this route would prove nothing`).toBe(true);
  };
  const pieces: ProbePiece[] = [];
  for (const route of routes.uploads) {
    const piece = await createPiece(check, routes, writerKey, ownerKey, 'controle', route);
    proven(holdsMarker((await listAs(check, routes, ownerKey, dossier)).text, piece.contentMarker), `uploaded through ${writeTemplate(route)} but the pièce is not in ${ownerKey}'s list`);
    pieces.push(piece);
  }
  const piece = pieces[0] as ProbePiece;
  for (const route of routes.renames) {
    const marker = writeMarker(run.state.runId);
    const exchange = await sendWrite(run, identity, contextOf(check, 'rename', writeTemplate(route), 'positive-control', writerKey, ownerKey, false), {
      route, bindings: { ...piece.bindings, titre: `Pièce renommée ${marker}` },
    });
    proven(writeSucceeded(route, exchange.status), `could not rename its pièce through ${writeTemplate(route)} (status ${exchange.status})`);
    proven(holdsMarker((await listAs(check, routes, ownerKey, dossier)).text, marker), `renamed through ${writeTemplate(route)} but the new title is not in ${ownerKey}'s list`);
    piece.titleMarkers.push(marker);
  }
  for (const route of routes.replaces) {
    const marker = writeMarker(run.state.runId);
    const { file, type } = await probeFile(run, ownerKey, marker, `Pièce remplacée ${marker}`);
    const exchange = await sendWrite(run, identity, contextOf(check, 'overwrite', writeTemplate(route), 'positive-control', writerKey, ownerKey, false), {
      route, bindings: { ...piece.bindings, type, titre: `Pièce remplacée ${marker}` }, file,
    });
    proven(writeSucceeded(route, exchange.status), `could not replace its pièce's content through ${writeTemplate(route)} (status ${exchange.status})`);
    proven(holdsMarker((await downloadAs(check, routes, ownerKey, ownerKey, piece.bindings)).text, marker), `replaced the content through ${writeTemplate(route)} but the download does not hold the new file`);
    piece.contentMarker = marker;
  }
  for (const [index, route] of routes.deletes.entries()) {
    const target = pieces[index] ?? (await createPiece(check, routes, writerKey, ownerKey, 'controle'));
    const exchange = await sendWrite(run, identity, contextOf(check, 'delete', writeTemplate(route), 'positive-control', writerKey, ownerKey, false), { route, bindings: target.bindings });
    proven(writeSucceeded(route, exchange.status), `could not delete its pièce through ${writeTemplate(route)} (status ${exchange.status})`);
    const list = (await listAs(check, routes, ownerKey, dossier)).text;
    proven(!target.titleMarkers.some((marker) => holdsMarker(list, marker)), `deleted through ${writeTemplate(route)} but the pièce is still in ${ownerKey}'s list`);
    check.created?.forget(target.bindings[run.profile.ids.piece]);
    target.titleMarkers = [];
  }
  // Pièces no delete route took away are removed with the first one (a profile without delete keeps them).
  const leftover = pieces.filter((candidate) => candidate.titleMarkers.length > 0);
  if (routes.deletes[0]) for (const candidate of leftover) await deleteQuietly(check, routes.deletes[0], writerKey, ownerKey, candidate.bindings);
}

/** Every write a forbidden identity can try against the victim, each with its own marker. */
async function attack(check: WriteCheck, routes: WriteRoutes, attackerKey: string | undefined, victimKey: string, target: ProbePiece): Promise<Attempt[]> {
  const { run } = check;
  const attacker = await check.pool.get(attackerKey);
  const victim = run.person(victimKey);
  const attempts: Attempt[] = [];
  const pieceResource = (): ProbeContext['resource'] => ({ kind: 'piece', key: `${victimKey}-probe-piece`, id: String(target.bindings[run.profile.ids.piece]) });
  const dossierResource = { kind: 'dossier', key: `${victimKey}-dossier`, id: String(victim.bindings[run.profile.ids.dossier] ?? '') };

  // An upload that lands in the uploader's own space (`ownSpace`) has no victim's space to aim at;
  // its owner fields are still tried below (mass assignment).
  for (const route of routes.uploads.filter((upload) => !upload.ownSpace)) {
    const marker = writeMarker(run.state.runId);
    const titre = `Pièce déposée ${marker}`;
    const { file, type } = await probeFile(run, victimKey, marker, titre);
    const context = contextOf(check, 'upload', writeTemplate(route), 'foreign-dossier', attackerKey, victimKey, true, dossierResource);
    const exchange = await sendWrite(run, attacker, context, { route, bindings: { ...victim.bindings, titre, type }, file });
    const createdId = isSuccess(exchange.status) ? createdIdOf(check, route, exchange) : undefined;
    if (createdId !== undefined) check.created?.track(createdId, [{ writerKey: victimKey, ownerKey: victimKey, bindings: { ...victim.bindings, [run.profile.ids.piece]: createdId } }]);
    attempts.push({ flaw: 'upload', attackerKey, route, vector: 'foreign-dossier', exchange, marker, createdId });
  }
  for (const route of routes.renames) {
    const marker = writeMarker(run.state.runId);
    const context = contextOf(check, 'rename', writeTemplate(route), 'foreign-piece', attackerKey, victimKey, true, pieceResource());
    const exchange = await sendWrite(run, attacker, context, { route, bindings: { ...target.bindings, titre: `Pièce renommée ${marker}` } });
    attempts.push({ flaw: 'rename', attackerKey, route, vector: 'foreign-piece', exchange, marker, target });
  }
  for (const route of routes.replaces) {
    const marker = writeMarker(run.state.runId);
    const { file, type } = await probeFile(run, victimKey, marker, `Pièce remplacée ${marker}`);
    const context = contextOf(check, 'overwrite', writeTemplate(route), 'foreign-piece', attackerKey, victimKey, true, pieceResource());
    const exchange = await sendWrite(run, attacker, context, { route, bindings: { ...target.bindings, type, titre: `Pièce remplacée ${marker}` }, file });
    attempts.push({ flaw: 'overwrite', attackerKey, route, vector: 'foreign-piece', exchange, marker, target });
  }
  for (const route of routes.deletes) {
    const context = contextOf(check, 'delete', writeTemplate(route), 'foreign-piece', attackerKey, victimKey, true, pieceResource());
    const exchange = await sendWrite(run, attacker, context, { route, bindings: target.bindings });
    attempts.push({ flaw: 'delete', attackerKey, route, vector: 'foreign-piece', exchange, target });
  }
  // Mass assignment needs a dossier the attacker may legitimately upload into: the URL is then
  // allowed, and only the owner fields of the body name the victim.
  const own = attackerKey === undefined ? undefined : run.usagers().find((person) => person.key !== victimKey && run.policy.mayWrite(attackerKey, person.key));
  if (own && attackerKey !== undefined) {
    for (const route of routes.uploads) {
      const marker = writeMarker(run.state.runId);
      const titre = `Pièce déposée ${marker}`;
      const { file, type } = await probeFile(run, own.key, marker, titre);
      const fields = ownerFieldsOf(route, run.profile.ids, victim.bindings);
      const context = contextOf(check, 'mass-assignment', writeTemplate(route), 'owner-fields', attackerKey, victimKey, true, dossierResource);
      const exchange = await sendWrite(run, attacker, context, { route, bindings: { ...own.bindings, titre, type }, file, extraFields: fields });
      const createdId = isSuccess(exchange.status) ? createdIdOf(check, route, exchange) : undefined;
      if (createdId !== undefined) {
        const piece = run.profile.ids.piece;
        check.created?.track(createdId, [
          { writerKey: attackerKey, ownerKey: own.key, bindings: { ...own.bindings, [piece]: createdId } },
          { writerKey: victimKey, ownerKey: victimKey, bindings: { ...victim.bindings, [piece]: createdId } },
        ]);
      }
      attempts.push({ flaw: 'mass-assignment', attackerKey, route, vector: 'owner-fields', exchange, marker, placedIn: own.key, createdId });
    }
  }
  return attempts;
}

interface Judgement {
  /** Pièces the probes put into the victim's list, and took out of it. */
  added: number;
  removed: number;
  /** Probe pièces no longer in the list. */
  gone: Set<ProbePiece>;
}

/** Each attempt against what the victim now reads: a 2xx, or a trace of the write, is a finding. */
async function judgeAttempts(check: WriteCheck, routes: WriteRoutes, victimKey: string, attempts: Attempt[], after: Exchange): Promise<Judgement> {
  const { run, ledger } = check;
  const judgement: Judgement = { added: 0, removed: 0, gone: new Set() };
  const isGone = (piece: ProbePiece): boolean => !piece.titleMarkers.some((marker) => holdsMarker(after.text, marker));
  // A rename that landed changed the title the list shows: count it before judging any loss.
  for (const attempt of attempts) if (attempt.flaw === 'rename' && attempt.marker && holdsMarker(after.text, attempt.marker)) attempt.target?.titleMarkers.push(attempt.marker);

  for (const attempt of attempts) {
    const status = attempt.exchange.status;
    const accepted = isSuccess(status);
    let trace: string | undefined;
    switch (attempt.flaw) {
      case 'upload':
      case 'mass-assignment':
        if (attempt.marker && holdsMarker(after.text, attempt.marker)) {
          trace = `its pièce (marker ${attempt.marker}) is now in ${victimKey}'s list`;
          judgement.added += 1;
        }
        break;
      case 'rename':
        if (attempt.marker && holdsMarker(after.text, attempt.marker)) trace = `${victimKey}'s list now shows the title it sent (marker ${attempt.marker})`;
        break;
      case 'overwrite':
        if (attempt.target && attempt.marker && !isGone(attempt.target)) {
          const download = await downloadAs(check, routes, victimKey, victimKey, attempt.target.bindings);
          if (holdsMarker(download.text, attempt.marker)) trace = `${victimKey} now downloads the file it sent (marker ${attempt.marker})`;
        }
        break;
      case 'delete':
        if (attempt.target && isGone(attempt.target) && !judgement.gone.has(attempt.target)) {
          trace = `the pièce is gone from ${victimKey}'s list`;
          judgement.gone.add(attempt.target);
          judgement.removed += 1;
          recordWriteFinding(run, ledger, {
            flaw: 'data-loss', attackerKey: attempt.attackerKey, victimKey, routeTemplate: writeTemplate(attempt.route), vector: 'probe-piece', exchange: after,
            resource: { kind: 'piece', key: `${victimKey}-probe-piece`, id: String(attempt.target.bindings[run.profile.ids.piece]) }, severity: 'high',
            outcome: `after its ${attempt.exchange.request.method} (status ${status}), ${victimKey}'s list no longer holds the pièce: data loss`,
          });
        }
        break;
    }
    // Mass assignment is a legitimate upload to one's own dossier: only where it landed can condemn it.
    const violated = attempt.flaw === 'mass-assignment' ? trace !== undefined : accepted || trace !== undefined;
    if (!violated) continue;
    recordWriteFinding(run, ledger, {
      flaw: attempt.flaw, attackerKey: attempt.attackerKey, victimKey, routeTemplate: writeTemplate(attempt.route), vector: attempt.vector, exchange: attempt.exchange,
      resource: attempt.exchange.context.resource as { kind: 'piece' | 'dossier'; key: string; id?: string },
      severity: SEVERITY[attempt.flaw],
      outcome: `answered ${status}${attempt.flaw === 'mass-assignment' ? ` to an upload into ${attempt.placedIn ? `${attempt.placedIn}'s` : 'its own'} dossier with owner fields naming ${victimKey}` : ''}; ${trace ?? `no trace seen in ${victimKey}'s dossier, but the write was accepted`}`,
    });
  }
  return judgement;
}

type SeededProblem = { document: DocumentRecord; problem: 'missing' | 'renamed' | 'altered'; exchange: Exchange };

/** Each seeded pièce still listed with its title, and downloading to the SHA-256 recorded at seeding. */
async function seededProblems(check: WriteCheck, routes: WriteRoutes, ownerKey: string, documents: DocumentRecord[], listed?: Exchange): Promise<SeededProblem[]> {
  const list = listed ?? (await listAs(check, routes, ownerKey, check.run.person(ownerKey).bindings));
  const problems: SeededProblem[] = [];
  for (const document of documents) {
    if (!list.evidence.some((evidence) => evidence.documentKey === document.key)) {
      problems.push({ document, problem: 'missing', exchange: list });
      continue;
    }
    if (!holdsTitle(list.text, document.titre)) problems.push({ document, problem: 'renamed', exchange: list });
    const download = await downloadAs(check, routes, ownerKey, ownerKey, document.bindings);
    const intact = download.evidence.some((evidence) => evidence.kind === 'sha256' && evidence.documentKey === document.key);
    if (!intact) problems.push({ document, problem: 'altered', exchange: download });
  }
  return problems;
}

/** A seeded pièce no probe aimed at changed: the write side broke something it was never pointed to. */
function recordSeededProblem(check: WriteCheck, victimKey: string, { document, problem, exchange }: SeededProblem): void {
  const health = HEALTH_PIECE_TYPES.has(document.type);
  const what = { missing: 'is gone from its list: data loss', renamed: 'no longer shows its title', altered: 'no longer downloads to the SHA-256 recorded at seeding' }[problem];
  recordWriteFinding(check.run, check.ledger, {
    flaw: problem === 'missing' ? 'data-loss' : 'integrity', attackerKey: UNATTRIBUTED, victimKey,
    routeTemplate: `GET ${exchange.context.routeTemplate}`,
    vector: `seeded-${problem}`, exchange, severity: health || problem === 'missing' ? 'critical' : 'high',
    resource: { kind: 'piece', key: document.key, id: String(document.bindings[check.run.profile.ids.piece] ?? ''), type: document.type },
    outcome: `${victimKey}'s seeded pièce ${document.key} ${what} after the forbidden writes`,
  });
}

/** Removes what the probes left in the target, as someone allowed to: the victim, or the writer of its own dossier. */
async function cleanUp(check: WriteCheck, routes: WriteRoutes, victimKey: string, targets: ProbePiece[], attempts: Attempt[], after: Exchange): Promise<void> {
  const remove = routes.deletes[0];
  if (!remove) return;
  const { run } = check;
  const failures: string[] = [];
  const drop = async (writerKey: string, ownerKey: string, bindings: Bindings): Promise<void> => {
    const status = await deleteQuietly(check, remove, writerKey, ownerKey, bindings);
    if (!writeSucceeded(remove, status)) failures.push(`${writerKey} could not delete ${run.profile.ids.piece} ${String(bindings[run.profile.ids.piece])} (status ${status})`);
  };
  for (const target of targets) if (target.titleMarkers.some((marker) => holdsMarker(after.text, marker))) await drop(victimKey, victimKey, target.bindings);
  for (const attempt of attempts) {
    if (attempt.createdId === undefined || !attempt.marker) continue;
    const landed = holdsMarker(after.text, attempt.marker);
    const ownerKey = landed ? victimKey : attempt.placedIn;
    const writerKey = landed ? victimKey : attempt.attackerKey;
    if (ownerKey === undefined || writerKey === undefined) continue;
    await drop(writerKey, ownerKey, { ...run.person(ownerKey).bindings, [run.profile.ids.piece]: attempt.createdId });
  }
  // What this clean-up did not remove was gone already (a forbidden delete that landed, an upload refused).
  if (check.created) check.created.settled = true;
  expect(failures, 'clean-up of the pièces the write probes created failed: the target keeps them').toEqual([]);
}

async function deleteQuietly(check: WriteCheck, route: WriteRoute, writerKey: string, ownerKey: string, bindings: Bindings): Promise<number> {
  const identity = await check.pool.get(writerKey);
  const context = contextOf(check, 'delete', writeTemplate(route), 'clean-up', writerKey, ownerKey, false);
  const { status } = await sendWrite(check.run, identity, context, { route, bindings });
  if (writeSucceeded(route, status)) check.created?.forget(bindings[check.run.profile.ids.piece]);
  return status;
}
