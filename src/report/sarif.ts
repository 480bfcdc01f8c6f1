/**
 * SARIF 2.1.0 log of a findings report, for code-scanning dashboards. One rule per check, one
 * result per stable finding id (its `partialFingerprints` carry the id, so a dashboard tracks a
 * finding across releases as `npm run compare` does). The location is the spec that found it.
 */
import type { FindingGroup, FindingsReport } from './findings-file';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type Level = 'error' | 'warning' | 'note';

function levelOf(finding: FindingGroup): Level {
  if (finding.verdict === 'leak') return 'error';
  if (finding.verdict === 'suspicious') return 'warning';
  return finding.severity === 'critical' || finding.severity === 'high' ? 'error' : 'warning';
}

/**
 * The scan ran to its end: it passed, or it failed because it found something. An interrupted or
 * timed-out run, or one whose tests failed without any finding (a crash, a failed login or
 * seed), did not check everything: its silence is not a pass.
 */
export function executionSuccessful(report: Pick<FindingsReport, 'run' | 'summary'>): boolean {
  if (report.run.status === 'passed') return true;
  return report.run.status === 'failed' && report.summary.findings > 0;
}

/** GitHub's `security-severity`: a CVSS-like number that sorts the dashboard. */
const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' } as const;

export function toSarif(report: FindingsReport): Record<string, unknown> {
  const checks = [...new Set(report.findings.map((f) => f.check))].sort();
  const rules = checks.map((check) => ruleOf(report, check));
  const run = report.run;
  const results = report.findings.map((finding) => resultOf(finding, checks));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cloison', version: report.version, semanticVersion: report.version, informationUri: 'https://owasp.org/www-project-web-security-testing-guide/', rules } },
        automationDetails: { id: `cloison/${typeof run.release === 'string' ? run.release : 'unlabelled'}/${typeof run.runId === 'string' ? run.runId : 'run'}` },
        invocations: [
          {
            executionSuccessful: executionSuccessful(report),
            ...(executionSuccessful(report)
              ? {}
              : { toolExecutionNotifications: [{ level: 'error', message: { text: `the scan did not complete (run ${run.status}, ${report.summary.failed} failed test(s), ${report.summary.findings} finding(s)): what it did not check is unknown` } }] }),
            startTimeUtc: run.startedAt,
            endTimeUtc: run.finishedAt,
            properties: { status: run.status },
          },
        ],
        results,
        properties: { run: report.run, summary: report.summary },
      },
    ],
  };
}

/** One SARIF rule per check, described from its first finding. */
function ruleOf(report: FindingsReport, check: string): Record<string, unknown> {
  const sample = report.findings.find((f) => f.check === check);
  const refs = sample?.references;
  return {
    id: check,
    name: check.replace(/[^A-Za-z0-9]+/g, '-'),
    shortDescription: { text: `cloison check ${check}` },
    fullDescription: { text: `Cross-account access check ${check}: no session may view, list, download or modify another user's documents.` },
    helpUri: 'https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/',
    properties: {
      tags: ['security', ...(refs?.cwe ?? []).map((cwe) => `external/cwe/${cwe.toLowerCase()}`)],
      ...(sample ? { 'security-severity': SECURITY_SEVERITY[sample.severity] } : {}),
    },
  };
}

/** One SARIF result per finding, located at the test that found it and the route it names. */
function resultOf(finding: FindingGroup, checks: readonly string[]): Record<string, unknown> {
  const test = finding.instances[0]?.test;
  return {
    ruleId: finding.check,
    ruleIndex: checks.indexOf(finding.check),
    level: levelOf(finding),
    kind: 'fail',
    message: { text: `${finding.title}${finding.instanceCount > 1 ? ` (${finding.instanceCount} instances)` : ''}` },
    locations: [
      {
        ...(test?.file
          ? { physicalLocation: { artifactLocation: { uri: test.file.split('\\').join('/') }, ...(test.line ? { region: { startLine: test.line } } : {}) } }
          : {}),
        logicalLocations: [{ name: finding.routeTemplate, kind: 'resource', fullyQualifiedName: `${finding.channel} ${finding.request.method} ${finding.routeTemplate}` }],
      },
    ],
    partialFingerprints: { cloisonFindingId: finding.id },
    properties: {
      findingId: finding.id,
      verdict: finding.verdict,
      severity: finding.severity,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      vector: finding.vector,
      relationship: finding.attacker.relationship ?? finding.attacker.role,
      instanceCount: finding.instanceCount,
      requests: finding.instances.slice(0, 20).map((i) => `${i.method} ${i.url} → ${i.status ?? '?'}`),
      evidence: finding.evidence.slice(0, 10).map((e) => `${e.kind} of ${e.ownerKey} in ${e.location}`),
      references: finding.references,
    },
  };
}
