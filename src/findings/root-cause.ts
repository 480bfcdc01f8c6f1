/**
 * Root causes: one missing check on one route shows up as dozens of findings (one per check,
 * relationship class and vector: direct id, neighbour id, HEAD, percent-encoded id, replay…).
 * A reader fixes, compares and accepts the missing check, so findings are grouped by
 * (route template × kind of access), and that group gets its own stable id. Finding ids stay, one
 * level below, for whoever needs the exact vector.
 */
import { createHash } from 'node:crypto';
import { normalizeRouteTemplate } from './finding';

/** read: view, download, preview, metadata of one object; list: anything returning several
 * (list, search, export); write: changing or creating; session: a session or link outliving its
 * right (logout, fixation, cookie flags, share links). */
export type AccessKind = 'read' | 'list' | 'write' | 'session';

const LIST_ACTIONS: ReadonlySet<string> = new Set(['list', 'search', 'export']);
const WRITE_ACTIONS: ReadonlySet<string> = new Set(['upload', 'rename', 'overwrite', 'delete', 'update', 'data-loss', 'mass-assignment', 'csrf']);

/** From the check id alone (`<family>/<action>`), so every report, old ones included, agrees. */
export function accessKindOf(check: string): AccessKind {
  const [family = '', action = ''] = check.trim().toLowerCase().split('/');
  if (family === 'sessions' || family === 'auth') return 'session';
  if (family === 'writes' || WRITE_ACTIONS.has(action)) return 'write';
  if (LIST_ACTIONS.has(action)) return 'list';
  return 'read';
}

/** The route without its method: a HEAD and a GET on one path are one missing check. */
export function routeKey(routeTemplate: string): string {
  return normalizeRouteTemplate(routeTemplate).replace(/^[A-Z]+ (?=\/)/, '');
}

/** Same 16-hex shape as finding ids, so baselines and `verify` accept either. */
export function stableRootCauseId(routeTemplate: string, access: AccessKind): string {
  return createHash('sha256').update(JSON.stringify(['cloison-root-cause/v1', routeKey(routeTemplate), access])).digest('hex').slice(0, 16);
}

/** What grouping needs of a finding (a findings.json group, or an older file's). */
export interface GroupableFinding {
  id: string;
  check: string;
  verdict: string;
  severity: string;
  routeTemplate: string;
  vector?: string;
  channel?: string;
  attacker?: { relationship?: string; role?: string };
  instanceCount?: number;
  instances?: { attacker?: { key?: string; relationship?: string; role?: string }; victim?: { key?: string }; evidence?: { ownerKey?: string }[] }[];
}

export interface RootCause {
  id: string;
  /** As the first finding spelled it (placeholder names kept for the reader). */
  routeTemplate: string;
  access: AccessKind;
  /** The worst verdict and severity beneath. */
  verdict: string;
  severity: string;
  /** Relationship classes that got through (`usager-same-mdph`, `anonymous`…). */
  relationships: string[];
  checks: string[];
  vectors: string[];
  channels: string[];
  /** Finding ids (check × relationship × vector) beneath, worst first. */
  findings: string[];
  /** Distinct requests that proved it, all findings together. */
  instanceCount: number;
  /** People whose data was reached, when the evidence says so. */
  victims: string[];
}

const VERDICT_RANK: Record<string, number> = { leak: 3, violation: 2, suspicious: 1 };
const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

function rankOf(f: { verdict: string; severity: string }): number {
  return (VERDICT_RANK[f.verdict] ?? 0) * 10 + (SEVERITY_RANK[f.severity] ?? 0);
}

export function rootCauseIdOf(finding: Pick<GroupableFinding, 'check' | 'routeTemplate'>): string {
  return stableRootCauseId(finding.routeTemplate, accessKindOf(finding.check));
}

/** Groups findings by root cause, worst first (then by instances). Input order does not matter. */
export function rootCausesOf(findings: readonly GroupableFinding[]): RootCause[] {
  const groups = new Map<string, GroupableFinding[]>();
  for (const finding of findings) {
    const id = rootCauseIdOf(finding);
    const list = groups.get(id) ?? [];
    list.push(finding);
    groups.set(id, list);
  }
  const out: RootCause[] = [];
  for (const [id, list] of groups) {
    const sorted = [...list].sort((a, b) => rankOf(b) - rankOf(a) || (b.instanceCount ?? 1) - (a.instanceCount ?? 1) || a.id.localeCompare(b.id));
    const worst = sorted[0] as GroupableFinding;
    const relationships = new Set<string>();
    const victims = new Set<string>();
    for (const f of sorted) {
      const own = f.attacker?.relationship ?? f.attacker?.role;
      if (own) relationships.add(own);
      for (const instance of f.instances ?? []) {
        const rel = instance.attacker?.relationship ?? instance.attacker?.role;
        if (rel) relationships.add(rel);
        const owners = (instance.evidence ?? []).map((e) => e.ownerKey).filter((k): k is string => !!k);
        for (const owner of owners.length ? owners : instance.victim?.key ? [instance.victim.key] : []) victims.add(owner);
      }
    }
    const distinct = (values: (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => !!v))].sort();
    out.push({
      id,
      routeTemplate: worst.routeTemplate.trim().replace(/^[A-Za-z]+ (?=\/)/, ''),
      access: accessKindOf(worst.check),
      verdict: worst.verdict,
      severity: worst.severity,
      relationships: [...relationships].sort(),
      checks: distinct(sorted.map((f) => f.check)),
      vectors: distinct(sorted.map((f) => f.vector)),
      channels: distinct(sorted.map((f) => f.channel)),
      findings: sorted.map((f) => f.id),
      instanceCount: sorted.reduce((n, f) => n + (f.instanceCount ?? f.instances?.length ?? 1), 0),
      victims: [...victims].sort(),
    });
  }
  return out.sort((a, b) => rankOf(b) - rankOf(a) || b.instanceCount - a.instanceCount || a.id.localeCompare(b.id));
}

const ACCESS_WORDS: Record<AccessKind, string> = {
  read: 'reads another person’s object',
  list: 'lists other people’s objects',
  write: 'changes another person’s object',
  session: 'keeps a session or link beyond its right',
};

/** One line a vendor can act on: where, what kind of access, who got through. */
export function rootCauseTitle(cause: RootCause): string {
  const who = cause.relationships.length ? cause.relationships.join(', ') : 'someone';
  return `${cause.routeTemplate}: ${who} ${ACCESS_WORDS[cause.access]} (${cause.verdict}, ${cause.checks.join(', ')})`;
}
