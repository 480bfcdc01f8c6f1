import { expect, test } from '@playwright/test';
import { accessModelOf, PARSE_FLAWS, type ParseFlawId } from '../src/flaws';
import type { Postgres } from '../src/postgres';
import { startCluster, startParse, type Reply, type RunningParse } from './support';

/**
 * Every Parse flaw, proven both ways with the same exploit: in the secure deployment of the flaw's
 * access model, Bruno (or nobody) gets nothing of Alice's; with only that flaw on, Alice's marker
 * comes back. Bruno first proves he reads his own document the same way.
 */
type Exploit = (target: RunningParse) => Promise<Reply>;

const EXPLOITS: Record<ParseFlawId, Exploit> = {
  'no-acl': ({ alice, bruno, get }) => get(`/parse/classes/Document/${alice.documentId}`, bruno.token),
  'public-files': (target) => target.get(target.fileUrl(target.alice.fileName)),
  'open-find': ({ bruno, get }) => get('/parse/classes/Document', bruno.token),
  'summary-master-key': ({ alice, bruno, send }) => send('POST', '/parse/functions/dossierSummary', { dossierId: alice.dossierId }, bruno.token),
  // Alice's token as it would be read in a proxy's log: the request carries no header of its own.
  'file-url-token': (target) => target.get(`${target.fileUrl(target.alice.fileName)}?access_token=${encodeURIComponent(target.alice.token)}`),
};

const OWN_READS: Record<ParseFlawId, Exploit> = {
  'no-acl': ({ bruno, get }) => get(`/parse/classes/Document/${bruno.documentId}`, bruno.token),
  'public-files': (target) => target.get(target.fileUrl(target.bruno.fileName), target.bruno.token),
  'open-find': ({ bruno, get }) => get('/parse/classes/Document', bruno.token),
  'summary-master-key': ({ bruno, send }) => send('POST', '/parse/functions/dossierSummary', { dossierId: bruno.dossierId }, bruno.token),
  'file-url-token': (target) => target.get(target.fileUrl(target.bruno.fileName), target.bruno.token),
};

// One Parse Server at a time in a process (see support.ts): the tests of this file run in order.
// A PostgreSQL cluster and Parse Servers start here: minutes, not seconds, on a loaded 2-core machine.
test.describe.configure({ mode: 'default', timeout: 180_000 });

let cluster: Postgres;

test.beforeAll(async () => {
  cluster = await startCluster();
});

test.afterAll(() => {
  cluster?.stop();
});

async function assertExploit(flaw: (typeof PARSE_FLAWS)[number], on: boolean): Promise<void> {
  const target = await startParse(cluster, on ? [flaw.id] : [], flaw.model);
  try {
    const own = await OWN_READS[flaw.id](target);
    expect(own.status, 'positive control').toBe(200);
    expect(own.text, 'positive control').toContain(target.bruno.marker);
    const reply = await EXPLOITS[flaw.id](target);
    if (on) expect(reply.text, `${flaw.id} on: the exploit must return Alice's marker`).toContain(target.alice.marker);
    else expect(reply.text, `${flaw.id} off (secure ${flaw.model} model): nothing of Alice's`).not.toContain(target.alice.marker);
  } finally {
    await target.close();
  }
}

for (const flaw of PARSE_FLAWS) {
  test(`${flaw.id}: refused in the secure ${flaw.model} model, open with the flaw on`, async () => {
    await assertExploit(flaw, false);
    await assertExploit(flaw, true);
  });
}

test('flaws that need different access models cannot be combined', () => {
  expect(() => accessModelOf(new Set(['no-acl', 'open-find']))).toThrow(/different access models/);
  expect(accessModelOf(new Set(['public-files']))).toBe('acl');
});
