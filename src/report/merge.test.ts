import { expect, test } from '@playwright/test';
import type { FindingGroup, FindingsReport } from './findings-file';
import { mergeFindingsReports } from './merge';
import { sumTallies } from './run-record';

function group(id: string, url: string, overrides: Partial<FindingGroup> = {}): FindingGroup {
  return {
    id,
    check: 'objects/download',
    verdict: 'leak',
    severity: 'critical',
    title: `finding ${id}`,
    attacker: { key: 'u075b', role: 'usager' },
    routeTemplate: '/x/{id}',
    vector: 'direct-id',
    channel: 'api',
    request: { method: 'GET', url, headers: {} },
    evidence: [],
    references: { cwe: [], owasp: [], wstg: [], other: [] },
    instanceCount: 1,
    instances: [{ method: 'GET', url, attacker: { key: 'u075b', role: 'usager' }, evidence: [], test: { title: 't' }, seen: 1 }],
    ...overrides,
  };
}

function shard(current: number, findings: FindingGroup[], probes: number): FindingsReport {
  return {
    tool: 'cloison',
    schema: 1,
    version: '0.1.0',
    run: {
      startedAt: `2026-03-01T10:0${current}:00.000Z`,
      finishedAt: `2026-03-01T10:1${current}:00.000Z`,
      status: findings.length ? 'failed' : 'passed',
      runId: 'RUN1',
      release: 'r2',
      shard: { current, total: 2 },
      counts: { identities: 8, people: 7, documents: 8, ...sumTallies([{ runId: 'RUN1', byFamily: { objects: { requests: probes, routes: [`/r${current}`] } } }]) },
    },
    summary: { findings: findings.length, leaks: findings.length, suspicious: 0, violations: 0, unscanned: 0, instances: findings.length, rootCauses: findings.length ? 1 : 0, tests: 10, failed: findings.length ? 1 : 0, bySeverity: { critical: findings.length, high: 0, medium: 0, low: 0 } },
    rootCauses: [],
    findings,
  };
}

test('shards merge into one run: findings by id, instances by request, counts summed', () => {
  const merged = mergeFindingsReports([
    shard(1, [group('0000000000000001', 'http://h/x/1'), group('0000000000000002', 'http://h/y/1', { verdict: 'suspicious', severity: 'medium', routeTemplate: '/y/{id}' })], 100),
    shard(2, [group('0000000000000001', 'http://h/x/2'), group('0000000000000001', 'http://h/x/1')], 50),
  ]);
  expect(merged.findings.map((f) => [f.id, f.instanceCount])).toEqual([['0000000000000001', 2], ['0000000000000002', 1]]);
  expect(merged.findings[0]?.instances.find((i) => i.url === 'http://h/x/1')?.seen).toBe(2);
  // Both findings are reads on /x/{id} and /y/{id}: two routes, two root causes, ids recomputed.
  expect(merged.summary).toMatchObject({ findings: 2, leaks: 1, suspicious: 1, instances: 3, rootCauses: 2, tests: 20, failed: 2 });
  expect(merged.rootCauses.map((c) => [c.routeTemplate, c.findings])).toEqual([['/x/{id}', ['0000000000000001']], ['/y/{id}', ['0000000000000002']]]);
  expect(merged.run).toMatchObject({ startedAt: '2026-03-01T10:01:00.000Z', finishedAt: '2026-03-01T10:12:00.000Z', status: 'failed', release: 'r2', shards: [{ current: 1, total: 2 }, { current: 2, total: 2 }] });
  expect(merged.run.counts).toMatchObject({ identities: 8, documents: 8, probes: { total: 150, byFamily: { objects: 150 } }, routesCovered: 2 });
});

test('a clean shard and a clean shard make a clean, passed run', () => {
  const merged = mergeFindingsReports([shard(1, [], 10), shard(2, [], 10)]);
  expect(merged.run.status).toBe('passed');
  expect(merged.summary.findings).toBe(0);
});
