import { zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { CANARY_A1, EMAIL_A, NIR_A, pdfWithCanary, utf8 } from '../oracle/testing';
import { makeFinding, type FindingDraft } from './finding';
import { Redactor } from './redact';
import type { Evidence, Finding } from './types';

const SECRET = 'sess-4f3c2b1a0e9d8c7b';
const redactor = new Redactor([SECRET]);
const canary: Evidence = { kind: 'canary', value: CANARY_A1, ownerKey: 'u075a', documentKey: 'u075a-d1', location: 'body' };
const email: Evidence = { kind: 'email', value: EMAIL_A, ownerKey: 'u075a', location: 'body' };
const nir: Evidence = { kind: 'nir', value: NIR_A, ownerKey: 'u075a', location: 'body' };

function leak(body: Uint8Array, contentType: string, evidence: Evidence[]): Finding {
  const draft: FindingDraft = {
    check: 'objects/download',
    verdict: 'leak',
    action: 'download',
    attacker: { key: 'u075b', role: 'usager', relationship: 'same-office' },
    victim: { key: 'u075a', role: 'usager' },
    routeTemplate: '/files/{id}',
    vector: 'direct-id',
    channel: 'api',
    request: { method: 'GET', url: 'http://h/files/1', headers: {} },
    response: { status: 200, contentType, headers: { 'content-type': contentType }, body },
    evidence,
  };
  return makeFinding(draft, redactor);
}

test('a PDF shows its words around the marker, not its compressed bytes; the raw excerpt stays', async () => {
  const f = leak(await pdfWithCanary(CANARY_A1, { title: 'Dossier de Camille Durand' }), 'application/pdf', [canary]);
  const [readable, ...rest] = f.response?.readable ?? [];
  expect(rest).toEqual([]);
  expect(readable).toMatchObject({ format: 'pdf', where: 'pdf', marker: CANARY_A1 });
  expect(readable?.text).toContain(`Référence : ${CANARY_A1}`);
  expect(readable?.text).toContain('Certificat médical (Cerfa 15695)');
  expect(f.response?.excerpt).toContain('%PDF');
});

test('JSON shows the path and the value of each leaf holding a marker', () => {
  const body = utf8(JSON.stringify({ total: 2, items: [{ owner: { email: 'someone@else.test' } }, { owner: { email: EMAIL_A, 'n° sécu': `NIR ${NIR_A.slice(0, 1)} ${NIR_A.slice(1, 3)} ${NIR_A.slice(3)}` } }] }));
  const f = leak(body, 'application/json', [email, nir]);
  expect(f.response?.readable).toEqual([
    { format: 'json', where: '$.items[1].owner.email', marker: EMAIL_A, text: EMAIL_A },
    { format: 'json', where: '$.items[1].owner["n° sécu"]', marker: NIR_A, text: expect.stringContaining('NIR ') },
  ]);
});

test('HTML shows the page text (tags gone, entities decoded) and redacts secrets next to the marker', () => {
  const body = utf8(`<!doctype html><html><body><h1>Dossier</h1><p>Pi&#232;ce&nbsp;: <b>${CANARY_A1}</b> déposée, session ${SECRET}</p><script>var x = 1</script></body></html>`);
  const f = leak(body, 'text/html; charset=utf-8', [canary]);
  const [readable] = f.response?.readable ?? [];
  expect(readable).toMatchObject({ format: 'html', where: 'html text', marker: CANARY_A1 });
  expect(readable?.text).toContain(`Dossier Pièce : ${CANARY_A1} déposée, session [redacted]`);
  expect(readable?.text).not.toContain('<b>');
  expect(JSON.stringify(f)).not.toContain(SECRET);
});

test('a ZIP names the entry, and a PDF inside it is read as text too', async () => {
  const body = zipSync({ 'export/liste.csv': utf8(`nom;email\nDurand;${EMAIL_A}\n`), 'export/pieces/certificat.pdf': await pdfWithCanary(CANARY_A1) });
  const f = leak(body, 'application/zip', [email, canary]);
  expect(f.response?.readable).toEqual([
    { format: 'zip', where: 'zip:export/liste.csv', marker: EMAIL_A, text: expect.stringContaining(`Durand;${EMAIL_A}`) },
    { format: 'zip', where: 'zip:export/pieces/certificat.pdf pdf', marker: CANARY_A1, text: expect.stringContaining(`Référence : ${CANARY_A1}`) },
  ]);
});

test('a file matched only by its hash gets no readable excerpt (nothing to read around)', () => {
  const f = leak(utf8('plain scan'), 'application/octet-stream', [{ kind: 'sha256', value: 'ab'.repeat(32), ownerKey: 'u075a', location: 'sha256:body' }]);
  expect(f.response?.readable).toBeUndefined();
});
