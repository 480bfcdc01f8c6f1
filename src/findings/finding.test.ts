import { expect, test } from '@playwright/test';
import { makeFinding, stableFindingId, type FindingDraft } from './finding';
import { Redactor } from './redact';
import type { Evidence } from './types';

const SECRETS = {
  password: 'S3cret-Passw0rd!',
  sid: 'sess-4f3c2b1a0e9d8c7b',
  csrf: 'csrf-aa11bb22cc33',
  bearer: 'bearer-tok-5566778899',
  provisioning: 'prov-tok-0011223344',
};
const redactor = new Redactor(Object.values(SECRETS));

const canary: Evidence = { kind: 'canary', value: 'CLSN-R7K2Q9-U075A-3', ownerKey: 'u075a', documentKey: 'u075a-d3', location: 'body' };

function draft(overrides: Partial<FindingDraft> = {}): FindingDraft {
  return {
    check: 'objects/download-idor',
    verdict: 'leak',
    action: 'download',
    attacker: { key: 'u075b', role: 'usager', relationship: 'usager-same-mdph' },
    victim: { key: 'u075a', role: 'usager' },
    resource: { kind: 'piece', key: 'u075a-d3', id: '17', type: 'justificatif_domicile' },
    routeTemplate: '/api/v2/pieces/{pieceId}/contenu',
    vector: 'direct-id',
    channel: 'api',
    request: {
      method: 'get',
      url: `https://portal.test/api/v2/pieces/17/contenu?access_token=${SECRETS.bearer}`,
      headers: { cookie: `sid=${SECRETS.sid}`, 'x-csrf-token': SECRETS.csrf, authorization: `Bearer ${SECRETS.bearer}`, 'x-provisioning-token': SECRETS.provisioning, accept: '*/*' },
      body: JSON.stringify({ login: 'camille', password: SECRETS.password, note: `csrf ${SECRETS.csrf}` }),
    },
    response: {
      status: 200,
      contentType: 'text/plain',
      headers: { 'set-cookie': `sid=${SECRETS.sid}; HttpOnly`, 'content-type': 'text/plain' },
      body: new TextEncoder().encode(`session ${SECRETS.sid} ... Pièce CLSN-R7K2Q9-U075A-3 ... mot de passe ${SECRETS.password}`),
    },
    evidence: [canary, canary],
    detail: `replayed with sid=${SECRETS.sid}`,
    ...overrides,
  } as FindingDraft;
}

test('the stable id ignores run ids, people and concrete ids, and placeholder names', () => {
  const a = stableFindingId({ check: 'objects/download-idor', routeTemplate: 'GET /api/v2/pieces/{pieceId}/contenu', relationship: 'usager-same-mdph', vector: 'direct-id' });
  const b = stableFindingId({ check: 'objects/download-idor', routeTemplate: ' get  /api/v2/pieces/{id}/contenu/ ', relationship: 'Usager-Same-MDPH', vector: 'direct-id' });
  expect(a).toMatch(/^[0-9a-f]{16}$/);
  expect(b).toBe(a);
  expect(stableFindingId({ check: 'objects/download-idor', routeTemplate: 'GET /api/v2/pieces/{pieceId}/contenu', relationship: 'agent-other-mdph', vector: 'direct-id' })).not.toBe(a);
  // makeFinding uses the relationship, not the attacker key: another seed, same id.
  const f1 = makeFinding(draft(), redactor);
  const f2 = makeFinding(draft({ attacker: { key: 'u075z', role: 'usager', relationship: 'usager-same-mdph' }, victim: { key: 'u075q', role: 'usager' } }), redactor);
  expect(f2.id).toBe(f1.id);
});

test('builds an English title, a severity and references from the verdict', () => {
  const f = makeFinding(draft(), redactor);
  expect(f.title).toBe("usager-same-mdph u075b downloads u075a's pièce via GET /api/v2/pieces/{pieceId}/contenu");
  expect(f.severity).toBe('critical'); // the file's contents
  expect(f.references.other).toContain('GDPR art. 32');
  expect(f.references.cwe).toContain('CWE-639');
  expect(f.evidence).toHaveLength(1); // deduplicated

  const listing = makeFinding(draft({ action: 'list' }), redactor);
  expect(listing.severity).toBe('high'); // a title in a list: metadata
  const health = makeFinding(draft({ action: 'list', resource: { kind: 'piece', key: 'u075a-d1', type: 'certificat_medical' } }), redactor);
  expect(health.severity).toBe('critical');
  expect(health.references.other).toEqual(['GDPR art. 32', 'GDPR art. 9']);

  const suspicious = makeFinding(draft({ verdict: 'suspicious', evidence: [] }), redactor);
  expect(suspicious.severity).toBe('medium');
  expect(suspicious.references.other).not.toContain('GDPR art. 32');

  const violation = makeFinding({ ...draft(), verdict: 'violation', severity: 'low', check: 'sessions/cookie-flags', detail: 'sid cookie without HttpOnly', references: { cwe: ['CWE-1004'] } }, redactor);
  expect(violation.severity).toBe('low');
  expect(violation.references.cwe).toEqual(['CWE-1004']);
});

test('no secret survives anywhere in the finding JSON', () => {
  const json = JSON.stringify(makeFinding(draft(), redactor));
  for (const secret of Object.values(SECRETS)) expect(json).not.toContain(secret);
  expect(json).toContain('CLSN-R7K2Q9-U075A-3'); // the evidence stays
  const f = JSON.parse(json) as { response: { excerpt: string }; request: { headers: Record<string, string> } };
  expect(f.response.excerpt).toContain('CLSN-R7K2Q9-U075A-3');
  expect(f.request.headers.accept).toBe('*/*');
});

test('the excerpt shows the evidence where it is readable: a grouped NIR, an entity-encoded e-mail', () => {
  const nir: Evidence = { kind: 'nir', value: '185057512345673', ownerKey: 'u075a', location: 'body' };
  const page = `<td>NIR</td><td>1 85 05 75 123 456 73</td>`;
  const f = makeFinding(draft({ action: 'view', evidence: [nir], response: { status: 200, headers: {}, body: new TextEncoder().encode(page) } }), redactor);
  expect(f.response?.excerpt).toContain('1 85 05 75 123 456 73');

  const email: Evidence = { kind: 'email', value: 'camille@example.test', ownerKey: 'u075a', location: 'body' };
  const html = `${'<p>filler</p>'.repeat(200)}<p>camille&#64;example.test</p>`;
  const g = makeFinding(draft({ action: 'view', evidence: [email], response: { status: 200, headers: {}, body: html } }), redactor);
  expect(g.response?.excerpt).toContain('camille@example.test');
});
