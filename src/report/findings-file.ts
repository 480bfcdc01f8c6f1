import type { FullResult } from '@playwright/test/reporter';
import { Redactor, redactSecretShapes } from '../findings/redact';
import type { RootCause } from '../findings/root-cause';
import type { Evidence, Finding, PartyRef, Severity, Verdict } from '../findings/types';
import type { RunVerdict } from './verdict';

/**
 * findings.json, the run record every later tool reads (compare, verify, merge, the evidence
 * report), written by findings-reporter.ts.
 *
 * Layout (schema 1):
 *   { tool: 'cloison', schema: 1, version,
 *     run:     { startedAt, finishedAt, status, runId?, seed?, release?, profile?, portalFlaws?, shard?,
 *                counts: { identities?, people?, documents?, probes: { total, byFamily }, routesCovered, routes,
 *                          budget?: { max, planned, coverage, kept, skipped: [{ family, route, action, relationship, vector, probes }] } },
 *                verdict: { exitCode, outcome, reason, declared, checked, notApplicable[], incomplete[] } },
 *     summary: { findings, leaks, suspicious, violations, unscanned, instances, rootCauses, tests, failed, bySeverity },
 *     rootCauses: RootCause[],
 *     findings: FindingGroup[] }
 * A root cause (src/findings/root-cause.ts) is one (route template × kind of access) with the ids
 * of the findings beneath it: what compare, verify and baselines count first.
 * A FindingGroup is one stable finding id, listed once: the fields of its worst instance (leak
 * before violation before suspicious, then by severity) plus `instanceCount` and `instances`, one
 * per distinct (method, request URL): the concrete attacker, victim, URL and evidence of each
 * time the flaw was hit. Comparing two releases is then a diff of the `id`s; counting affected
 * objects is `instanceCount`.
 */

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
    /** Answers that could not be read whole (a cut, a body not received): never a pass, counted on their own. */
    unscanned: number;
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

export function rank(f: Finding): number {
  return VERDICT_RANK[f.verdict] * 10 + SEVERITY_RANK[f.severity];
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
    `${plural(s.violations, 'violation')}, ${s.unscanned} unscanned; ${plural(s.instances, 'instance')}) across ${plural(s.tests, 'test')}, ` +
    `${s.failed} failed.${top ? ` Top: ${top}.` : ''} Written to ${where}.` +
    (report.run.verdict ? `\ncloison: exit ${report.run.verdict.exitCode}, ${report.run.verdict.reason}` : '')
  );
}
