import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { FullConfig, FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { FINDING_ATTACHMENT_NAME, FINDING_CONTENT_TYPE } from '../findings/attach';
import type { Finding } from '../findings/types';
import { summaryParagraph, type FindingsReport } from './findings-file';
import FindingsReporter from './findings-reporter';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'a1b2c3d4e5f60718',
    check: 'objects/download-idor',
    verdict: 'leak',
    severity: 'critical',
    title: "usager-same-mdph u075b downloads u075a's pièce via GET /api/v2/pieces/{pieceId}/contenu",
    attacker: { key: 'u075b', role: 'usager', relationship: 'usager-same-mdph' },
    victim: { key: 'u075a', role: 'usager' },
    resource: { kind: 'piece', key: 'u075a-d3', id: '17' },
    routeTemplate: '/api/v2/pieces/{pieceId}/contenu',
    vector: 'direct-id',
    channel: 'api',
    request: { method: 'GET', url: 'https://portal.test/api/v2/pieces/17/contenu', headers: {} },
    response: { status: 200, headers: {}, excerpt: 'CLSN-R7K2Q9-U075A-3' },
    evidence: [{ kind: 'canary', value: 'CLSN-R7K2Q9-U075A-3', ownerKey: 'u075a', documentKey: 'u075a-d3', location: 'body' }],
    references: { cwe: ['CWE-639'], owasp: [], wstg: ['WSTG-ATHZ-04'], other: ['GDPR art. 32'] },
    ...overrides,
  };
}

function attachment(f: Finding): TestResult['attachments'][number] {
  return { name: FINDING_ATTACHMENT_NAME, contentType: FINDING_CONTENT_TYPE, body: Buffer.from(JSON.stringify(f)) };
}

/** Just enough of TestCase / TestResult for the reporter; a cast keeps the fakes honest about it. */
function fakeTest(id: string, title: string, outcome: ReturnType<TestCase['outcome']>): TestCase {
  return {
    id,
    title,
    titlePath: () => ['', 'api', 'objects/download.spec.ts', title],
    location: { file: '/repo/tests/objects/download.spec.ts', line: 12, column: 3 },
    expectedStatus: 'passed',
    outcome: () => outcome,
    parent: { project: () => ({ name: 'api' }) },
  } as unknown as TestCase;
}

function fakeResult(attachments: TestResult['attachments'], status: TestResult['status'] = 'passed'): TestResult {
  return { status, attachments, retry: 0 } as unknown as TestResult;
}

test('groups findings by stable id, one instance per request URL, and writes findings.json', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-report-'));
  const env = { CLOISON_RUN_ID: 'R7K2Q9', CLOISON_SEED: '42', CLOISON_RELEASE: '2026.03', CLOISON_PROFILE_NAME: 'reference', PORTAL_FLAWS: 'download-idor, export-open' };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const reporter = new FindingsReporter({ outputFile: 'out/findings.json', quiet: true });
    reporter.onBegin({ configFile: path.join(dir, 'playwright.config.ts'), rootDir: '/repo' } as FullConfig, {} as Suite);

    const second = finding({ request: { method: 'GET', url: 'https://portal.test/api/v2/pieces/18/contenu', headers: {} }, victim: { key: 'u075c', role: 'usager' } });
    const suspicious = finding({ id: 'ffff000011112222', verdict: 'suspicious', severity: 'medium', title: 'suspicious one', evidence: [] });
    // A finding written as a file attachment (path), as a merged blob report may deliver it.
    const onDisk = path.join(dir, 'f.json');
    writeFileSync(onDisk, JSON.stringify(finding({ id: '9999888877776666', verdict: 'violation', severity: 'low', title: 'sid cookie without HttpOnly', check: 'sessions/cookie-flags' })));

    reporter.onTestEnd(fakeTest('t1', 'another usager cannot download the pièce', 'unexpected'), fakeResult([attachment(finding()), attachment(second), attachment(suspicious)], 'failed'));
    // Same flaw, same URL, from another test: one instance seen twice.
    reporter.onTestEnd(fakeTest('t2', 'replay as usager-same-mdph', 'unexpected'), fakeResult([attachment(finding()), { name: 'screenshot', contentType: 'image/png', body: Buffer.from('png') }], 'failed'));
    reporter.onTestEnd(fakeTest('t3', 'cookie flags', 'expected'), fakeResult([{ name: FINDING_ATTACHMENT_NAME, contentType: FINDING_CONTENT_TYPE, path: onDisk }]));
    reporter.onTestEnd(fakeTest('t4', 'no finding here', 'expected'), fakeResult([]));
    reporter.onEnd({ status: 'failed', startTime: new Date(), duration: 1 });

    const written = path.join(dir, 'out', 'findings.json');
    expect(reporter.outputPath).toBe(written);
    const report = JSON.parse(readFileSync(written, 'utf8')) as FindingsReport;
    expect(report.tool).toBe('cloison');
    expect(report.version).toBe('0.1.0');
    expect(report.run).toMatchObject({ status: 'failed', runId: 'R7K2Q9', seed: '42', release: '2026.03', profile: 'reference', portalFlaws: ['download-idor', 'export-open'] });
    expect(report.summary).toEqual({ findings: 3, leaks: 1, suspicious: 1, violations: 1, unscanned: 0, instances: 4, rootCauses: 2, tests: 4, failed: 2, bySeverity: { critical: 1, high: 0, medium: 1, low: 1 } });
    // The leak and the suspicious answer are reads of one route: one root cause; the cookie flag is a session one.
    expect(report.rootCauses.map((c) => [c.access, c.findings, c.instanceCount])).toEqual([
      ['read', ['a1b2c3d4e5f60718', 'ffff000011112222'], 3],
      ['session', ['9999888877776666'], 1],
    ]);
    expect(report.findings.map((f) => f.id)).toEqual(['a1b2c3d4e5f60718', '9999888877776666', 'ffff000011112222']);
    const leak = report.findings[0];
    expect(leak?.instanceCount).toBe(2);
    expect(leak?.instances.map((i) => [i.url, i.victim?.key, i.seen])).toEqual([
      ['https://portal.test/api/v2/pieces/17/contenu', 'u075a', 2],
      ['https://portal.test/api/v2/pieces/18/contenu', 'u075c', 1],
    ]);
    expect(leak?.instances[0]?.test).toEqual({ title: 'api › objects/download.spec.ts › another usager cannot download the pièce', file: 'tests/objects/download.spec.ts', line: 12, project: 'api' });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

test('an answer not scanned whole is counted on its own, not as a leak, a violation or nothing', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-report-'));
  const reporter = new FindingsReporter({ outputFile: path.join(dir, 'findings.json'), quiet: true });
  reporter.onBegin({ rootDir: dir } as FullConfig, {} as Suite);
  const unscanned = finding({ id: '5555444433332222', verdict: 'unscanned', severity: 'medium', title: 'export not scanned whole', evidence: [] });
  reporter.onTestEnd(fakeTest('t1', 'the export answers only its owner', 'unexpected'), fakeResult([attachment(unscanned)], 'failed'));
  reporter.onEnd({ status: 'failed', startTime: new Date(), duration: 1 });
  const report = JSON.parse(readFileSync(path.join(dir, 'findings.json'), 'utf8')) as FindingsReport;
  expect(report.summary).toMatchObject({ findings: 1, leaks: 0, suspicious: 0, violations: 0, unscanned: 1 });
  expect(summaryParagraph(report, 'findings.json')).toContain('1 unscanned');
});

test('never writes a secret, even from a finding that skipped redaction', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-report-'));
  const reporter = new FindingsReporter({ outputFile: path.join(dir, 'findings.json'), quiet: true });
  reporter.onBegin({ rootDir: dir } as FullConfig, {} as Suite);
  const careless = finding({
    request: {
      method: 'POST',
      url: 'https://portal.test/api/v2/pieces/17?access_token=leakedtoken123&page=1',
      headers: { cookie: 'sid=leakedsid456', authorization: 'Bearer leakedbearer789', 'x-csrf-token': 'leakedcsrf000' },
      body: JSON.stringify({ login: 'camille', password: 'leakedpassword', nested: { token: 'leakednested' } }),
    },
    response: { status: 200, headers: { 'set-cookie': 'sid=leakedsetcookie; HttpOnly' }, excerpt: 'Set sid=leakedexcerpt; and Bearer leakedbearer2xyz' },
    detail: 'form sent password=leakedform&_csrf=leakedcsrfform',
  });
  reporter.onTestEnd(fakeTest('t1', 'careless check', 'unexpected'), fakeResult([attachment(careless)], 'failed'));
  reporter.onEnd({ status: 'failed' } as FullResult);
  const text = readFileSync(path.join(dir, 'findings.json'), 'utf8');
  expect(() => JSON.parse(text) as unknown).not.toThrow();
  expect(text).not.toMatch(/leaked/);
  expect(text).toContain('CLSN-R7K2Q9-U075A-3');
});

test('an empty run still writes a valid report', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-report-'));
  const reporter = new FindingsReporter({ outputFile: path.join(dir, 'deep', 'findings.json'), quiet: true });
  reporter.onBegin({ rootDir: dir } as FullConfig, {} as Suite);
  reporter.onEnd({ status: 'passed' } as FullResult);
  const report = JSON.parse(readFileSync(path.join(dir, 'deep', 'findings.json'), 'utf8')) as FindingsReport;
  expect(report.summary.findings).toBe(0);
  expect(report.findings).toEqual([]);
});

test('run metadata falls back to config.metadata.cloison (what survives a merge on another machine)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-report-'));
  const names = ['CLOISON_RELEASE', 'PORTAL_FLAWS'];
  const saved = names.map((n) => process.env[n]);
  for (const n of names) delete process.env[n];
  try {
    const reporter = new FindingsReporter({ outputFile: path.join(dir, 'findings.json'), quiet: true });
    reporter.onBegin({ rootDir: dir, metadata: { cloison: { release: '2026.04', portalFlaws: 'export-open' } } } as unknown as FullConfig, {} as Suite);
    reporter.onEnd({ status: 'passed', startTime: new Date('2026-03-01T10:00:00Z'), duration: 60_000 });
    const report = JSON.parse(readFileSync(path.join(dir, 'findings.json'), 'utf8')) as FindingsReport;
    expect(report.run).toMatchObject({ release: '2026.04', portalFlaws: ['export-open'], startedAt: '2026-03-01T10:00:00.000Z', finishedAt: '2026-03-01T10:01:00.000Z' });
  } finally {
    names.forEach((n, i) => {
      const value = saved[i];
      if (value !== undefined) process.env[n] = value;
    });
  }
});

test('the run record counts the seeded population and the probes the workers tallied for this run', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-report-'));
  const saved = process.env.CLOISON_RUN_ID;
  const cwd = process.cwd();
  process.env.CLOISON_RUN_ID = 'RUNREC1';
  // Run state lives under the working directory (src/run/state.ts), as in a user's folder.
  process.chdir(dir);
  try {
    mkdirSync(path.join(dir, '.cloison', 'runs', 'RUNREC1'), { recursive: true });
    writeFileSync(path.join(dir, '.cloison', 'runs', 'RUNREC1', 'state.json'), JSON.stringify({ release: 'r9', profile: 'reference-portal', people: [1, 2, 3], documents: [1, 2, 3, 4, 5] }));
    mkdirSync(path.join(dir, 'out', 'probes'), { recursive: true });
    const tally = (runId: string, n: number, route: string): string => JSON.stringify({ runId, byFamily: { objects: { requests: n, routes: [route] }, sessions: { requests: 1, routes: ['/logout'] } } });
    writeFileSync(path.join(dir, 'out', 'probes', 'RUNREC1-1.json'), tally('RUNREC1', 10, '/a/{id}'));
    writeFileSync(path.join(dir, 'out', 'probes', 'RUNREC1-2.json'), tally('RUNREC1', 5, '/b/{id}'));
    // Another run that shared the report folder is not counted.
    writeFileSync(path.join(dir, 'out', 'probes', 'OTHER-1.json'), tally('OTHER', 1000, '/c'));
    const reporter = new FindingsReporter({ outputFile: 'out/findings.json', quiet: true, derived: false });
    reporter.onBegin({ configFile: path.join(dir, 'playwright.config.ts'), rootDir: dir } as FullConfig, {} as Suite);
    reporter.onEnd({ status: 'passed' } as FullResult);
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'findings.json'), 'utf8')) as FindingsReport;
    expect(report.run).toMatchObject({
      runId: 'RUNREC1',
      counts: { identities: 4, people: 3, documents: 5, probes: { total: 17, byFamily: { objects: 15, sessions: 2 } }, routesCovered: 3, routes: ['/a/{id}', '/b/{id}', '/logout'] },
    });
    if (process.env.CLOISON_RELEASE === undefined) expect(report.run.release).toBe('r9');
  } finally {
    process.chdir(cwd);
    if (saved === undefined) delete process.env.CLOISON_RUN_ID;
    else process.env.CLOISON_RUN_ID = saved;
  }
});

test('the run record carries the gate verdict: not-applicable tests with their reason, a test that never started is not checked', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-report-'));
  const reporter = new FindingsReporter({ outputFile: path.join(dir, 'findings.json'), quiet: true, derived: false });
  const probing = fakeTest('t1', 'only u075a reaches u075a\'s pièces', 'expected');
  const vacuous = fakeTest('t2', 'ids next to one\'s own answer nobody', 'expected');
  const neverStarted = fakeTest('t3', 'export', 'skipped');
  reporter.onBegin({ rootDir: dir } as FullConfig, { allTests: () => [probing, vacuous, neverStarted] } as unknown as Suite);
  reporter.onTestEnd(probing, fakeResult([]));
  reporter.onTestEnd(vacuous, { ...fakeResult([]), annotations: [{ type: 'not-applicable', description: 'the piece ids of this run are not integers' }] });
  reporter.onEnd({ status: 'passed' } as FullResult);
  const report = JSON.parse(readFileSync(path.join(dir, 'findings.json'), 'utf8')) as FindingsReport;
  expect(report.run.verdict).toMatchObject({
    exitCode: 2,
    declared: 3,
    checked: 1,
    notApplicable: [{ test: expect.stringContaining('ids next to one\'s own'), reason: 'the piece ids of this run are not integers' }],
    incomplete: [{ test: expect.stringContaining('export'), reason: expect.stringContaining('did not run') }],
  });
});
