/**
 * The facts a data protection officer needs before anything technical: was personal data of
 * another person reachable, which kinds (documents by type, health documents apart, identity
 * data), through what, since which release, and what the run did and did not cover. Computed
 * from findings.json (and the history and coverage files when present) so the page says nothing
 * the evidence below it does not back.
 */
import { HEALTH_PIECE_TYPES } from '../findings/finding';
import { rootCausesOf, type AccessKind, type RootCause } from '../findings/root-cause';
import type { FindingsReport } from './findings-file';
import { openSince, type HistoryLine } from './history';

export interface DpoFacts {
  /** Some answer held another person's data (a leak). */
  reachable: boolean;
  leaks: number;
  suspicious: number;
  violations: number;
  /** People whose data reached someone else. */
  people: number;
  documents: { total: number; byType: { type: string; count: number; health: boolean }[] };
  /** Per kind of identity data (`email`, `nir`, `reference`…): how many people's. */
  identity: { kind: string; people: number }[];
  through: { id: string; routeTemplate: string; access: AccessKind; relationships: string[]; channels: string[]; verdict: string; instances: number; since: string }[];
  did: { identities?: number; documents?: number; probes?: number; routesCovered?: number; tests: number };
  /** Routes seen but not probed, and checks the run reported as not applicable (with reasons). */
  notCovered: { unprobed: string[]; notApplicable: string[] };
  /** False when no coverage file said which routes went unprobed: the page must not claim all were. */
  coverageKnown: boolean;
  release: string;
}

const FILE_KINDS: ReadonlySet<string> = new Set(['canary', 'content', 'sha256']);

export function dpoFacts(report: FindingsReport, history: readonly HistoryLine[] = [], unprobed?: readonly string[]): DpoFacts {
  const leaks = report.findings.filter((f) => f.verdict === 'leak');
  const people = new Set<string>();
  const documents = new Map<string, string>();
  const identity = new Map<string, Set<string>>();
  for (const finding of leaks) {
    for (const instance of finding.instances) {
      const typeOf = (key: string | undefined): string => (key && instance.resource?.key === key ? instance.resource.type : undefined) ?? 'unknown';
      for (const e of instance.evidence) {
        people.add(e.ownerKey);
        if (FILE_KINDS.has(e.kind)) {
          if (e.documentKey) documents.set(e.documentKey, documents.get(e.documentKey) ?? typeOf(e.documentKey));
        } else {
          const set = identity.get(e.kind) ?? new Set<string>();
          set.add(e.ownerKey);
          identity.set(e.kind, set);
        }
      }
      if (instance.evidence.length === 0 && instance.victim) people.add(instance.victim.key);
    }
  }
  const byType = new Map<string, number>();
  for (const type of documents.values()) byType.set(type, (byType.get(type) ?? 0) + 1);
  const causes: RootCause[] = report.rootCauses ?? rootCausesOf(report.findings);
  const release = typeof report.run.release === 'string' ? report.run.release : 'unlabelled';
  const counts = (report.run.counts ?? {}) as { identities?: number; documents?: number; probes?: { total?: number }; routesCovered?: number };
  return {
    reachable: leaks.length > 0,
    leaks: report.summary.leaks,
    suspicious: report.summary.suspicious,
    violations: report.summary.violations,
    people: people.size,
    documents: {
      total: documents.size,
      byType: [...byType].map(([type, count]) => ({ type, count, health: HEALTH_PIECE_TYPES.has(type) })).sort((a, b) => Number(b.health) - Number(a.health) || b.count - a.count || a.type.localeCompare(b.type)),
    },
    identity: [...identity].map(([kind, owners]) => ({ kind, people: owners.size })).sort((a, b) => a.kind.localeCompare(b.kind)),
    through: causes.map((c) => ({
      id: c.id,
      routeTemplate: c.routeTemplate,
      access: c.access,
      relationships: c.relationships,
      channels: c.channels,
      verdict: c.verdict,
      instances: c.instanceCount,
      since: openSince(history, c.id) ?? release,
    })),
    did: {
      ...(counts.identities !== undefined ? { identities: counts.identities } : {}),
      ...(counts.documents !== undefined ? { documents: counts.documents } : {}),
      ...(counts.probes?.total !== undefined ? { probes: counts.probes.total } : {}),
      ...(counts.routesCovered !== undefined ? { routesCovered: counts.routesCovered } : {}),
      tests: report.summary.tests,
    },
    notCovered: { unprobed: [...(unprobed ?? [])], notApplicable: notApplicable(report.run.notApplicable) },
    coverageKnown: unprobed !== undefined,
    release,
  };
}

/** The run record's not-applicable entries, whatever their exact shape: `check: reason`. */
function notApplicable(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry: unknown) => {
    if (typeof entry === 'string') return entry;
    const e = (entry ?? {}) as Record<string, unknown>;
    const what = [e.check, e.route ?? e.routeTemplate, e.test].find((v): v is string => typeof v === 'string');
    const reason = typeof e.reason === 'string' ? e.reason : '';
    return [what, reason].filter(Boolean).join(': ');
  }).filter((line) => line !== '');
}
