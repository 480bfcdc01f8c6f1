import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect, test } from '@playwright/test';
import type { FindingGroup, FindingsReport } from './findings-file';
import { rootCausesOf } from '../findings/root-cause';
import { leakMatrix } from './evidence-html';
import { writeDerivedOutputs } from './outputs';
import { toSarif } from './sarif';

const SCHEMA = JSON.parse(readFileSync(new URL('./schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** A 1×1 red PNG, as a leak screenshot. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

function group(id: string, attacker: string, victim: string, overrides: Partial<FindingGroup> = {}): FindingGroup {
  return {
    id,
    check: 'objects/download',
    verdict: 'leak',
    severity: 'critical',
    title: `usager-same-mdph ${attacker} downloads ${victim}'s pièce via GET /api/v2/pieces/{pieceId}/contenu`,
    attacker: { key: attacker, role: 'usager', relationship: 'usager-same-mdph' },
    victim: { key: victim, role: 'usager' },
    routeTemplate: '/api/v2/pieces/{pieceId}/contenu',
    vector: 'direct-id',
    channel: 'api',
    request: { method: 'GET', url: 'http://127.0.0.1:3000/api/v2/pieces/17/contenu', headers: {} },
    response: { status: 200, headers: {}, excerpt: '<script>alert(1)</script> CLSN-R7K2Q9-U075A-3' },
    evidence: [{ kind: 'canary', value: 'CLSN-R7K2Q9-U075A-3', ownerKey: victim, documentKey: `${victim}-d1`, location: 'body' }],
    references: { cwe: ['CWE-639', 'CWE-200'], owasp: ['API1:2023 Broken Object Level Authorization'], wstg: ['WSTG-ATHZ-04'], other: ['GDPR art. 32'] },
    instanceCount: 1,
    instances: [
      {
        method: 'GET',
        url: 'http://127.0.0.1:3000/api/v2/pieces/17/contenu',
        status: 200,
        attacker: { key: attacker, role: 'usager', relationship: 'usager-same-mdph' },
        victim: { key: victim, role: 'usager' },
        evidence: [{ kind: 'canary', value: 'CLSN-R7K2Q9-U075A-3', ownerKey: victim, location: 'body' }],
        test: { title: 'security › objects/piece-access.spec.ts › x', file: 'tests/objects/piece-access.spec.ts', line: 14, project: 'security' },
        seen: 1,
      },
    ],
    ...overrides,
  };
}

function report(findings: FindingGroup[]): FindingsReport {
  return {
    tool: 'cloison',
    schema: 1,
    version: '0.1.0',
    run: {
      startedAt: '2026-03-01T10:00:00.000Z',
      finishedAt: '2026-03-01T10:05:00.000Z',
      status: findings.length ? 'failed' : 'passed',
      release: '2026.03',
      runId: 'R7K2Q9',
      profile: 'reference-portal',
      seed: '42',
      counts: { identities: 7, people: 6, documents: 8, probes: { total: 120, byFamily: { objects: 120 } }, routesCovered: 5, routes: [] },
    },
    summary: { findings: findings.length, leaks: findings.length, suspicious: 0, violations: 0, unscanned: 0, instances: findings.length, rootCauses: findings.length, tests: 3, failed: 1, bySeverity: { critical: findings.length, high: 0, medium: 0, low: 0 } },
    rootCauses: rootCausesOf(findings),
    findings,
  };
}

function sarifValidator(): (data: unknown) => boolean {
  // The vendored schema is draft-04 (see schemas/SOURCE.md): compiled by the draft-07 engine;
  // one of its language-tag patterns is not valid as a unicode regular expression.
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const { $schema: _draft, id: _id, ...schema } = SCHEMA;
  return ajv.compile(schema);
}

test('SARIF output validates against the SARIF 2.1.0 schema, with and without findings', () => {
  const validate = sarifValidator();
  for (const r of [report([group('a1b2c3d4e5f60718', 'u075b', 'u075a'), group('0000000000000002', 'u013a', 'u075a', { verdict: 'suspicious', severity: 'medium' })]), report([])]) {
    const sarif = toSarif(r);
    const ok = validate(sarif);
    expect(ok ? [] : (validate as unknown as { errors: unknown[] }).errors).toEqual([]);
  }
  const sarif = toSarif(report([group('a1b2c3d4e5f60718', 'u075b', 'u075a')])) as { runs: { results: { partialFingerprints: Record<string, string>; level: string }[] }[] };
  expect(sarif.runs[0]?.results[0]).toMatchObject({ level: 'error', partialFingerprints: { cloisonFindingId: 'a1b2c3d4e5f60718' } });
});

test('the schema check is not vacuous: a broken log is refused', () => {
  const validate = sarifValidator();
  expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
});

test('leak heat map counts attacker × victim from the evidence owners', () => {
  const m = leakMatrix(report([group('a1b2c3d4e5f60718', 'u075b', 'u075a'), group('0000000000000003', 'anonymous', 'u013a')]));
  expect(m.attackers).toEqual(['anonymous', 'u075b']);
  expect(m.victims).toEqual(['u013a', 'u075a']);
  expect(m.counts.get('u075b\u0000u075a')).toBe(1);
});

test('the evidence report opens in Chromium without a console error, bilingual, screenshot embedded', async ({ page }, testInfo) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-evidence-'));
  const shot = path.join(dir, 'leak.png');
  (await import('node:fs')).writeFileSync(shot, PNG);
  writeDerivedOutputs(report([group('a1b2c3d4e5f60718', 'u075b', 'u075a', { screenshot: shot }), group('0000000000000003', 'anonymous', 'u013a', { channel: 'ui' })]), dir);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // Offline: the report must need nothing but itself.
  await page.route(/^(?!file:|data:)/, (route) => route.abort());
  await page.goto(`file://${path.join(dir, 'evidence.html')}`);
  await expect(page.locator('h1 .fr')).toHaveText('Rapport de preuves — cloisonnement des documents');
  await expect(page.locator('h1 .en')).toBeHidden();
  await expect(page.locator('svg.heat rect')).toHaveCount(4);
  await expect(page.locator('figure img')).toHaveJSProperty('complete', true);
  expect(await page.locator('figure img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  // The injected markup of an excerpt is shown, never run.
  await expect(page.locator('pre').first()).toContainText('<script>alert(1)</script>');
  await testInfo.attach('evidence report (fr)', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  await page.locator('label[for=l-en]').click();
  await expect(page.locator('h1 .en')).toBeVisible();
  await expect(page.getByText('GDPR art. 32').first()).toBeVisible();
  await page.goto(`file://${path.join(dir, 'evidence.en.html')}`);
  await expect(page.locator('h1 .en')).toHaveText('Evidence report — document isolation');
  await testInfo.attach('evidence report (en)', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  expect(errors).toEqual([]);
  const sarif = JSON.parse(readFileSync(path.join(dir, 'findings.sarif'), 'utf8')) as { version: string };
  expect(sarif.version).toBe('2.1.0');
});

test('SARIF executionSuccessful says whether the scan completed: not for an interrupted, timed-out or crashed run', () => {
  const invocation = (r: FindingsReport): { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] } =>
    (toSarif(r) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }[] }[] }).runs[0]?.invocations[0] ?? { executionSuccessful: true };
  const withStatus = (r: FindingsReport, status: FindingsReport['run']['status'], failed = r.summary.failed): FindingsReport => ({ ...r, run: { ...r.run, status }, summary: { ...r.summary, failed } });
  const clean = report([]);
  const found = report([group('a1b2c3d4e5f60718', 'u075b', 'u075a')]);
  expect(invocation(clean).executionSuccessful).toBe(true);
  expect(invocation(found).executionSuccessful).toBe(true);
  expect(invocation(withStatus(clean, 'interrupted')).executionSuccessful).toBe(false);
  expect(invocation(withStatus(found, 'interrupted')).executionSuccessful).toBe(false);
  expect(invocation(withStatus(clean, 'timedout')).executionSuccessful).toBe(false);
  // Tests failed and nothing was found: a crash (failed login, worker gone), not a verdict.
  const crashed = invocation(withStatus(clean, 'failed', 3));
  expect(crashed.executionSuccessful).toBe(false);
  expect(crashed.toolExecutionNotifications).toHaveLength(1);
});
