import { expect, test } from '@playwright/test';
import { ProbePieces, type Remover } from './probe-pieces';

const as = (writerKey: string, ownerKey: string, id: number): Remover => ({ writerKey, ownerKey, bindings: { dossierId: ownerKey, pieceId: id } });

test('what a failed step left is deleted in teardown, each pièce by the first remover the target lets do it', async () => {
  const created = new ProbePieces();
  const calls: string[] = [];
  // The target: u1 may delete in its own dossier only; pièce 3 is already gone.
  created.deleteWith((remover) => {
    calls.push(`${remover.writerKey}:${String(remover.bindings.pieceId)}`);
    if (remover.bindings.pieceId === 3) return Promise.resolve(404);
    return Promise.resolve(remover.writerKey === remover.ownerKey && remover.ownerKey === 'u1' ? 204 : 403);
  });
  created.track(1, [as('u1', 'u1', 1)]);
  created.track(2, [as('attacker', 'u2', 2), as('u1', 'u1', 2)]);
  created.track(3, [as('u1', 'u1', 3)]);
  created.track(4, [as('u2', 'u2', 4)]);
  created.track(5, [as('u1', 'u1', 5)]);
  created.forget(5);
  expect(await created.removeAll()).toEqual(['pièce 4 (answers 403)']);
  expect(calls).toEqual(['u1:1', 'attacker:2', 'u1:2', 'u1:3', 'u2:4']);
  // Reported once: the fixture's teardown after the check's own clean-up sends nothing again.
  expect(created.size).toBe(0);
  expect(await created.removeAll()).toEqual([]);
  expect(calls).toHaveLength(5);
});

test('a remover said again at the end comes first: a pièce that landed in the victim\'s dossier is the victim\'s to delete', async () => {
  const created = new ProbePieces();
  const calls: string[] = [];
  created.deleteWith((remover) => {
    calls.push(remover.writerKey);
    return Promise.resolve(remover.writerKey === 'victim' ? 204 : 404);
  });
  created.track(7, [as('attacker', 'attacker', 7), as('victim', 'victim', 7)]);
  created.track(7, [as('victim', 'victim', 7)]);
  expect(await created.removeAll()).toEqual([]);
  expect(calls).toEqual(['victim']);
});
