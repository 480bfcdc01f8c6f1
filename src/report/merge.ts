/**
 * Merges the findings files of several shards of one scan into one, as if one machine had run it:
 * findings by stable id (the worst instance leads), instances by request, counts summed.
 */
import { rootCausesOf } from '../findings/root-cause';
import { mergeCounts, type RunCounts } from './run-record';
import { mergeVerdicts } from './verdict';
import { rank, type FindingGroup, type FindingInstance, type FindingsReport } from './findings-file';

export function mergeFindingsReports(reports: readonly FindingsReport[]): FindingsReport {
  if (reports.length === 0) throw new Error('nothing to merge');
  const findings = mergedFindings(reports);
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) bySeverity[f.severity]++;
  const first = reports[0] as FindingsReport;
  const rootCauses = rootCausesOf(findings);
  const runs = reports.map((r) => r.run);
  const statuses = runs.map((r) => r.status);
  const runIds = [...new Set(runs.map((r) => r.runId).filter((id): id is string => typeof id === 'string'))];
  const { counts: _counts, shard: _shard, verdict: _verdict, ...base } = first.run;
  return {
    tool: 'cloison',
    schema: 1,
    version: first.version,
    run: {
      ...base,
      startedAt: runs.map((r) => r.startedAt).sort()[0] ?? first.run.startedAt,
      finishedAt: runs.map((r) => r.finishedAt).sort().at(-1) ?? first.run.finishedAt,
      status: statuses.includes('failed') ? 'failed' : statuses.includes('timedout') ? 'timedout' : statuses.includes('interrupted') ? 'interrupted' : 'passed',
      ...(runIds.length > 1 ? { runIds } : {}),
      shards: runs.map((r) => r.shard ?? null),
      counts: mergeCounts(runs.map((r) => r.counts as RunCounts | undefined)),
      verdict: mergeVerdicts(runs.map((r) => r.verdict), findings.length),
    },
    summary: {
      findings: findings.length,
      leaks: findings.filter((f) => f.verdict === 'leak').length,
      suspicious: findings.filter((f) => f.verdict === 'suspicious').length,
      violations: findings.filter((f) => f.verdict === 'violation').length,
      unscanned: findings.filter((f) => f.verdict === 'unscanned').length,
      instances: findings.reduce((n, f) => n + f.instanceCount, 0),
      rootCauses: rootCauses.length,
      tests: reports.reduce((n, r) => n + r.summary.tests, 0),
      failed: reports.reduce((n, r) => n + r.summary.failed, 0),
      bySeverity,
    },
    rootCauses,
    findings,
  };
}

/** One group per finding id across the reports: its worst verdict, its instances counted once per request. */
function mergedFindings(reports: readonly FindingsReport[]): FindingGroup[] {
  const groups = new Map<string, { worst: FindingGroup; instances: Map<string, FindingInstance> }>();
  for (const report of reports) {
    for (const finding of report.findings) {
      let group = groups.get(finding.id);
      if (!group) {
        group = { worst: finding, instances: new Map() };
        groups.set(finding.id, group);
      } else if (rank(finding) > rank(group.worst)) {
        group.worst = finding;
      }
      for (const instance of finding.instances) {
        const key = `${instance.method} ${instance.url}`;
        const known = group.instances.get(key);
        if (known) known.seen += instance.seen;
        else group.instances.set(key, { ...instance });
      }
    }
  }
  return [...groups.values()]
    .map((g) => ({ ...g.worst, instanceCount: g.instances.size, instances: [...g.instances.values()] }))
    .sort((a, b) => rank(b) - rank(a) || b.instanceCount - a.instanceCount || a.id.localeCompare(b.id));
}
