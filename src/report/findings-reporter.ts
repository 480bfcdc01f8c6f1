/**
 * Playwright reporter that turns `cloison-finding` attachments into one findings.json per run
 * (layout in findings-file.ts).
 *
 * Works unchanged on `merge-reports` of blob reports: attachments travel with their body.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { findingFromAttachment, NOT_APPLICABLE } from '../findings/attach';
import { probesDir } from '../session/throttle';
import { writeDerivedOutputs } from './outputs';
import { readStateCounts, readTallies, sumTallies, type RunCounts } from './run-record';
import { cloisonVersion, runMetadata } from './run-metadata';
import { judgeRun, oneLine, type TestOutcome } from './verdict';
import { rank, serializeRedacted, summaryParagraph, type FindingGroup, type FindingInstance, type FindingsReport } from './findings-file';
import { rootCausesOf } from '../findings/root-cause';
import type { Finding, Severity } from '../findings/types';
import { readSettings } from '../settings/settings';

export interface FindingsReporterOptions {
  /** Relative to the config file's folder. Default `reports/findings.json`, or env CLOISON_FINDINGS_FILE. */
  outputFile?: string;
  /** Do not print the closing summary (unit tests, or when another reporter already prints). */
  quiet?: boolean;
  /** Also write findings.sarif and evidence*.html next to findings.json (default true). */
  derived?: boolean;
}

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
        unscanned: findings.filter((f) => f.verdict === 'unscanned').length,
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
    const configured = this.options.outputFile ?? readSettings().findingsFile ?? 'reports/findings.json';
    const base = this.config?.configFile ? path.dirname(this.config.configFile) : process.cwd();
    return path.resolve(base, configured);
  }
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
