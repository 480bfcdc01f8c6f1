/**
 * Playwright reporter that turns `cloison-finding` attachments into one findings.json per run.
 *
 * findings.json layout (schema 1):
 *   { tool: 'cloison', schema: 1, version,
 *     run:     { startedAt, finishedAt, status, runId?, seed?, release?, profile?, portalFlaws?, shard?,
 *                counts: { identities?, people?, documents?, probes: { total, byFamily }, routesCovered, routes,
 *                          budget?: { max, planned, coverage, kept, skipped: [{ family, route, action, relationship, vector, probes }] } },
 *                verdict: { exitCode, outcome, reason, declared, checked, notApplicable[], incomplete[] } },
 *     summary: { findings, leaks, suspicious, violations, instances, rootCauses, tests, failed, bySeverity },
 *     rootCauses: RootCause[],
 *     findings: FindingGroup[] }
 * A root cause (src/findings/root-cause.ts) is one (route template × kind of access) with the ids
 * of the findings beneath it: what compare, verify and baselines count first.
 * A FindingGroup is one stable finding id, listed once: the fields of its worst instance (leak
 * before violation before suspicious, then by severity) plus `instanceCount` and `instances`, one
 * per distinct (method, request URL): the concrete attacker, victim, URL and evidence of each
 * time the flaw was hit. Comparing two releases is then a diff of the `id`s; counting affected
 * objects is `instanceCount`.
 *
 * Works unchanged on `merge-reports` of blob reports: attachments travel with their body.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { findingFromAttachment } from '../findings/attach';
import { probesDir } from '../session/throttle';
import { writeDerivedOutputs } from './outputs';
import { readStateCounts, readTallies, sumTallies, type RunCounts } from './run-record';
import { judgeRun, NOT_APPLICABLE, oneLine, type RunVerdict, type TestOutcome } from './verdict';
import { Redactor, redactSecretShapes } from '../findings/redact';
import { rootCausesOf, type RootCause } from '../findings/root-cause';
import type { Evidence, Finding, PartyRef, Severity, Verdict } from '../findings/types';

export interface FindingsReporterOptions {
  /** Relative to the config file's folder. Default `reports/findings.json`, or env CLOISON_FINDINGS_FILE. */
  outputFile?: string;
  /** Do not print the closing summary (unit tests, or when another reporter already prints). */
  quiet?: boolean;
  /** Also write findings.sarif and evidence*.html next to findings.json (default true). */
  derived?: boolean;
}

export interface FindingInstance {
  method: string;
  url: string;
  status?: number;
  attacker: PartyRef;
  victim?: PartyRef;
  resource?: Finding['resource'];
  evidence: Evidence[];
  screenshot?: string;
  test: { title: string; file?: string; line?: number; project?: string };
  /** How many times this exact request was reported (retries, or several tests probing it). */
  seen: number;
}

export type FindingGroup = Finding & { instanceCount: number; instances: FindingInstance[] };

export interface FindingsReport {
  tool: 'cloison';
  schema: 1;
  version: string;
  run: Record<string, unknown> & { startedAt: string; finishedAt: string; status: FullResult['status']; verdict?: RunVerdict };
  summary: {
    findings: number;
    leaks: number;
    suspicious: number;
    violations: number;
    instances: number;
    rootCauses: number;
    tests: number;
    failed: number;
    bySeverity: Record<Severity, number>;
  };
  rootCauses: RootCause[];
  findings: FindingGroup[];
}

const VERDICT_RANK: Record<Verdict, number> = { leak: 4, violation: 3, unscanned: 2, suspicious: 1 };
const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

interface Group {
  worst: Finding;
  instances: Map<string, FindingInstance>;
}

export default class FindingsReporter implements Reporter {
  private readonly options: FindingsReporterOptions;
  private config: FullConfig | undefined;
  private startedAt = new Date();
  private readonly groups = new Map<string, Group>();
  private readonly tests = new Map<string, TestCase>();
  private readonly lastResult = new Map<string, TestResult>();
  private readonly findingCount = new Map<string, number>();
  private readonly globalErrors: string[] = [];
  private suite: Suite | undefined;
  /** Where the last report was written (for callers and tests). */
  outputPath: string | undefined;

  constructor(options: FindingsReporterOptions = {}) {
    this.options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
    this.startedAt = new Date();
  }

  onError(error: TestError): void {
    const line = oneLine(error.message);
    if (line) this.globalErrors.push(line);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.tests.set(test.id, test);
    this.lastResult.set(test.id, result);
    let count = 0;
    for (const attachment of result.attachments) {
      const finding = findingFromAttachment(attachment);
      if (finding) {
        this.add(finding, test);
        count++;
      }
    }
    this.findingCount.set(test.id, count);
  }

  private add(finding: Finding, test: TestCase): void {
    let group = this.groups.get(finding.id);
    if (!group) {
      group = { worst: finding, instances: new Map() };
      this.groups.set(finding.id, group);
    } else if (rank(finding) > rank(group.worst)) {
      group.worst = finding;
    }
    const key = `${finding.request.method} ${finding.request.url}`;
    const known = group.instances.get(key);
    if (known) {
      known.seen++;
      return;
    }
    group.instances.set(key, {
      method: finding.request.method,
      url: finding.request.url,
      ...(finding.response ? { status: finding.response.status } : {}),
      attacker: finding.attacker,
      ...(finding.victim ? { victim: finding.victim } : {}),
      ...(finding.resource ? { resource: finding.resource } : {}),
      evidence: finding.evidence,
      ...(finding.screenshot ? { screenshot: finding.screenshot } : {}),
      test: this.describe(test),
      seen: 1,
    });
  }

  private describe(test: TestCase): FindingInstance['test'] {
    const titlePath = typeof test.titlePath === 'function' ? test.titlePath().filter(Boolean) : [test.title];
    const project = safe(() => test.parent.project()?.name);
    const root = this.config?.rootDir;
    const file = test.location?.file;
    return {
      title: titlePath.join(' › '),
      ...(file ? { file: root ? path.relative(root, file) : file } : {}),
      ...(test.location?.line !== undefined ? { line: test.location.line } : {}),
      ...(project ? { project } : {}),
    };
  }

  onEnd(result: FullResult): void {
    const report = this.build(result);
    const file = this.resolveOutput();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, serializeRedacted(report));
    this.outputPath = file;
    if (this.options.derived !== false) writeDerivedOutputs(report, path.dirname(file));
    if (!this.options.quiet) process.stdout.write(`${summaryParagraph(report, path.relative(process.cwd(), file))}\n`);
  }

  build(result: Pick<FullResult, 'status'> & Partial<Pick<FullResult, 'startTime' | 'duration'>>): FindingsReport {
    const findings: FindingGroup[] = [...this.groups.values()]
      .map((g) => ({ ...g.worst, instanceCount: g.instances.size, instances: [...g.instances.values()] }))
      .sort((a, b) => rank(b) - rank(a) || b.instanceCount - a.instanceCount || a.id.localeCompare(b.id));
    const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const f of findings) bySeverity[f.severity]++;
    let failed = 0;
    for (const [id, test] of this.tests) if (isFailure(test, this.lastResult.get(id))) failed++;
    const rootCauses = rootCausesOf(findings);
    return {
      tool: 'cloison',
      schema: 1,
      version: cloisonVersion(),
      run: {
        // The result's own times: after merge-reports they are the test run's, not the merge's.
        startedAt: (result.startTime ?? this.startedAt).toISOString(),
        finishedAt: (result.startTime && result.duration !== undefined ? new Date(result.startTime.getTime() + result.duration) : new Date()).toISOString(),
        status: result.status,
        ...this.record(),
        verdict: judgeRun({ tests: this.outcomes(), findings: findings.length, globalErrors: this.globalErrors, status: result.status }),
      },
      summary: {
        findings: findings.length,
        leaks: findings.filter((f) => f.verdict === 'leak').length,
        suspicious: findings.filter((f) => f.verdict === 'suspicious').length,
        violations: findings.filter((f) => f.verdict === 'violation').length,
        instances: findings.reduce((n, f) => n + f.instanceCount, 0),
        rootCauses: rootCauses.length,
        tests: this.tests.size,
        failed,
        bySeverity,
      },
      rootCauses,
      findings,
    };
  }

  /**
   * Every declared test (from the suite, so one that never started counts too) as it ended: the
   * verdict's input. Without a suite (unit tests), the tests that reported.
   */
  private outcomes(): TestOutcome[] {
    const declared = this.suite && typeof this.suite.allTests === 'function' ? this.suite.allTests() : [...this.tests.values()];
    return declared.map((test) => {
      const result = this.lastResult.get(test.id);
      const annotations = [...(result?.annotations ?? []), ...(test.annotations ?? [])];
      const notApplicable = annotations.find((annotation) => annotation.type === NOT_APPLICABLE);
      return {
        title: this.describe(test).title,
        ...(result ? { status: result.status } : {}),
        findings: this.findingCount.get(test.id) ?? 0,
        ...(notApplicable ? { notApplicable: notApplicable.description ?? 'no reason given' } : {}),
        ...(result?.errors?.[0] ? { error: oneLine(result.errors[0].message) } : {}),
      };
    });
  }

  /** Run metadata plus counts: the population from the run state, the probes from the worker tallies. */
  private record(): Record<string, unknown> {
    const meta = runMetadata(this.config);
    const runId = typeof meta.runId === 'string' ? meta.runId : undefined;
    // Run state lives under the working directory (src/run/state.ts), not beside the config.
    const state = runId ? readStateCounts(process.cwd(), runId) : undefined;
    const counts: RunCounts = {
      ...(state ? { identities: state.people + 1, people: state.people, documents: state.documents } : {}),
      ...sumTallies(readTallies(probesDir(path.dirname(this.resolveOutput())), runId)),
    };
    return {
      ...(state?.release !== undefined && meta.release === undefined ? { release: state.release } : {}),
      ...(state?.profile !== undefined && meta.profile === undefined ? { profile: state.profile } : {}),
      ...meta,
      counts,
    };
  }

  private resolveOutput(): string {
    const configured = this.options.outputFile ?? process.env.CLOISON_FINDINGS_FILE ?? 'reports/findings.json';
    const base = this.config?.configFile ? path.dirname(this.config.configFile) : process.cwd();
    return path.resolve(base, configured);
  }
}

export function rank(f: Finding): number {
  return VERDICT_RANK[f.verdict] * 10 + SEVERITY_RANK[f.severity];
}

function isFailure(test: TestCase, result: TestResult | undefined): boolean {
  if (typeof test.outcome === 'function') return test.outcome() === 'unexpected';
  return !!result && result.status !== 'skipped' && result.status !== test.expectedStatus;
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

const RUN_ENV = {
  runId: 'CLOISON_RUN_ID',
  seed: 'CLOISON_SEED',
  release: 'CLOISON_RELEASE',
  profile: 'CLOISON_PROFILE_NAME',
  profileFile: 'CLOISON_PROFILE',
  portalFlaws: 'PORTAL_FLAWS',
} as const;

/**
 * Run metadata from the environment of this process, falling back to `config.metadata.cloison`
 * (same keys): a merge-reports job on another CI machine does not have the shards' environment,
 * but config metadata travels inside the blob reports.
 */
function runMetadata(config: FullConfig | undefined): Record<string, unknown> {
  const fromConfig = (config?.metadata as { cloison?: Record<string, unknown> } | undefined)?.cloison ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(RUN_ENV)) {
    const value = process.env[variable] || fromConfig[key];
    if (value === undefined || value === '') continue;
    out[key] = key === 'portalFlaws' && typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  }
  if (config?.shard) out.shard = config.shard;
  return out;
}

/**
 * Findings are redacted when built, but the file is the artifact that leaves the building: one
 * more pass over every string, then over the serialized text for secret shapes (a token inside a
 * URL inside a string). If the text pass ever broke the JSON, the object-level result is kept.
 */
export function serializeRedacted(report: FindingsReport): string {
  const json = JSON.stringify(new Redactor().value(report), null, 2);
  const swept = redactSecretShapes(json);
  try {
    JSON.parse(swept);
    return `${swept}\n`;
  } catch {
    return `${json}\n`;
  }
}

export function summaryParagraph(report: FindingsReport, where: string): string {
  const s = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const top = report.findings
    .slice(0, 3)
    .map((f) => `[${f.severity}] ${f.title}${f.instanceCount > 1 ? ` (×${f.instanceCount})` : ''}`)
    .join('; ');
  return (
    `cloison: ${plural(report.rootCauses.length, 'root cause')}, ${plural(s.findings, 'finding')} (${plural(s.leaks, 'leak')}, ${s.suspicious} suspicious, ` +
    `${plural(s.violations, 'violation')}; ${plural(s.instances, 'instance')}) across ${plural(s.tests, 'test')}, ` +
    `${s.failed} failed.${top ? ` Top: ${top}.` : ''} Written to ${where}.` +
    (report.run.verdict ? `\ncloison: exit ${report.run.verdict.exitCode}, ${report.run.verdict.reason}` : '')
  );
}

let version: string | undefined;

function cloisonVersion(): string {
  if (version === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
      version = pkg.version ?? '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
