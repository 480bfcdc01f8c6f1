import { expect, test } from '@playwright/test';
import type { Postgres } from '../src/postgres';
import { startCluster, startParse, type RunningParse } from './support';

/**
 * The secure deployment (owner ACLs, files owner-only), judged on content: Bruno and nobody get
 * nothing of Alice's through any route, while each reads their own. Also the two Parse pitfalls the
 * deployment guards against: a file name attached to someone else's object, and the File value
 * without a URL that crashes Parse Server 9.
 */
// A PostgreSQL cluster and Parse Servers start here: minutes, not seconds, on a loaded 2-core machine.
test.describe.configure({ mode: 'default', timeout: 180_000 });

let cluster: Postgres;
let parse: RunningParse;

test.beforeAll(async () => {
  cluster = await startCluster();
  parse = await startParse(cluster);
});

test.afterAll(async () => {
  await parse?.close();
  cluster?.stop();
});

test('each usager reads their own document and file (positive controls)', async () => {
  const { bruno, get } = parse;
  expect((await get(`/parse/classes/Document/${bruno.documentId}`, bruno.token)).text).toContain(bruno.marker);
  expect((await get('/parse/classes/Document', bruno.token)).text).toContain(bruno.marker);
  const file = await get(parse.fileUrl(bruno.fileName), bruno.token);
  expect(file.status).toBe(200);
  expect(file.text).toContain(bruno.marker);
  expect((await parse.send('POST', '/parse/functions/dossierSummary', { dossierId: bruno.dossierId }, bruno.token)).text).toContain(bruno.marker);
});

test('another usager gets nothing of Alice\'s: document, lists, dossier, file', async () => {
  const { alice, bruno, get } = parse;
  const replies = [
    await get(`/parse/classes/Document/${alice.documentId}`, bruno.token),
    await get('/parse/classes/Document', bruno.token),
    await get(`/parse/classes/Dossier/${alice.dossierId}`, bruno.token),
    await get('/parse/classes/Dossier', bruno.token),
    await get(parse.fileUrl(alice.fileName), bruno.token),
    await parse.send('POST', '/parse/functions/dossierSummary', { dossierId: alice.dossierId }, bruno.token),
  ];
  for (const reply of replies) expect(reply.text).not.toContain(alice.marker);
  expect(replies[0]?.status).toBe(404);
  expect(replies[2]?.status).toBe(404);
  expect(replies[4]?.status).not.toBe(200);
});

test('nobody signed in gets nothing of Alice\'s', async () => {
  const { alice, get } = parse;
  // Her session token in a file's URL (read in a log) is no session: only the header is. Named
  // apart from its path, so that no failure message carries the token.
  const reads: [string, string][] = [
    ['her document', `/parse/classes/Document/${alice.documentId}`],
    ['the document list', '/parse/classes/Document'],
    ['her file', parse.fileUrl(alice.fileName)],
    ['her file with her token as ?access_token=', `${parse.fileUrl(alice.fileName)}?access_token=${encodeURIComponent(alice.token)}`],
  ];
  for (const [what, path] of reads) {
    const reply = await get(path);
    expect(reply.status, what).not.toBe(200);
    expect(reply.text, what).not.toContain(alice.marker);
  }
});

test('a file name learnt elsewhere cannot be attached to one\'s own document', async () => {
  const { alice, bruno, send, get } = parse;
  const stolen = { __type: 'File', name: alice.fileName, url: `${parse.baseUrl}${parse.fileUrl(alice.fileName)}` };
  const attach = await send('POST', '/parse/classes/Document', { title: 'mine', type: 'autre', file: stolen }, bruno.token);
  expect(attach.status).not.toBe(201);
  expect((await get(parse.fileUrl(alice.fileName), bruno.token)).text).not.toContain(alice.marker);
});

test('a File value without a URL is refused and the server keeps answering', async () => {
  const { bruno, send, get } = parse;
  const bare = await send('POST', '/parse/classes/Document', { title: 'bare', type: 'autre', file: { __type: 'File', name: bruno.fileName } }, bruno.token);
  expect(bare.status).toBeGreaterThanOrEqual(400);
  expect((await get('/parse/health')).status).toBe(200);
  expect((await get(`/parse/classes/Document/${bruno.documentId}`, bruno.token)).text).toContain(bruno.marker);
});
