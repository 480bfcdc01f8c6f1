import { expect, test } from '@playwright/test';
import type { Evidence } from '../findings/types';
import { RunContext } from './context';
import type { RunState } from './state';
import type { Target } from './target';

const state = {
  runId: 'CTX1',
  people: [{ key: 'ana', role: 'usager', email: 'ana@ctx.test', mdph: '075', bindings: { folder: 7, ref: 'REF-ANA-000007' } }],
  documents: [{ key: 'ana-d1', ownerKey: 'ana', canary: 'CANARY-ANA-1', sha256: 'ab', bindings: { file: 3 } }],
} as unknown as RunState;
const target = { profile: { policy: { read: ['owner'] }, ids: { piece: 'file', dossier: 'folder', usager: 'folder' } } } as unknown as Target;

test('a dossier page\'s positive control is proven by the dossier itself, not by any marker of its owner', () => {
  const run = new RunContext(target, state);
  const [dossier] = run.objectsOf('ana', 'dossier');
  const email: Evidence = { kind: 'email', value: 'ana@ctx.test', ownerKey: 'ana', location: 'body' };
  // A header saying who is signed in: the owner's e-mail, and no dossier.
  expect(dossier?.proves(email)).toBe(false);
  expect(dossier?.proves({ kind: 'reference', value: 'REF-ANA-000007', ownerKey: 'ana', location: 'body' })).toBe(true);
  expect(dossier?.proves({ kind: 'canary', value: 'CANARY-ANA-1', ownerKey: 'ana', documentKey: 'ana-d1', location: 'body' })).toBe(true);
  expect(dossier?.proves({ kind: 'canary', value: 'CANARY-BOB-1', ownerKey: 'bob', documentKey: 'bob-d1', location: 'body' })).toBe(false);
  // The person's own record is proven by their identity.
  expect(run.objectsOf('ana', 'usager')[0]?.proves(email)).toBe(true);
});
