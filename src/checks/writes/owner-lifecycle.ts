import { expect } from '@playwright/test';
import { holdsMarker, writeMarker } from './requests';
import { contextOf, createPiece, deleteQuietly, downloadAs, listAs, type ProbePiece, type WriteCheck, type WriteRoutes } from './write-check';
import { probeFile, sendWrite, writeSucceeded, writeTemplate } from './writer';

/** Upload, rename, replace, delete by one allowed writer, each proven by what the owner then reads. */
export async function proveLifecycle(check: WriteCheck, routes: WriteRoutes, writerKey: string, ownerKey: string): Promise<void> {
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
    check.pieces.forget(target.bindings[run.profile.ids.piece]);
    target.titleMarkers = [];
  }
  // Pièces no delete route took away are removed with the first one (a profile without delete keeps them).
  const leftover = pieces.filter((candidate) => candidate.titleMarkers.length > 0);
  if (routes.deletes[0]) for (const candidate of leftover) await deleteQuietly(check, routes.deletes[0], writerKey, ownerKey, candidate.bindings);
}

