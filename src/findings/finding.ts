/**
 * Building a Finding: stable identity, severity, references, title, and redaction in one place,
 * so that every check reports the same way and no check can forget to redact.
 */
import { createHash } from 'node:crypto';
import { readableText } from '../oracle/readable';
import { textViews } from '../oracle/text-views';
import { readableExcerpts } from './readable-excerpt';
import { excerptAround, type Redactor } from './redact';
import type { Channel, Evidence, Finding, PartyRef, RecordedRequest, Severity, Verdict } from './types';

export interface StableIdParts {
  check: string;
  routeTemplate: string;
  relationship: string;
  vector: string;
}

/**
 * Same flaw, same id, in every run and every release: only the check, the route template, the
 * relationship (`usager-same-mdph`, not `u075b`) and the vector enter the hash. Placeholder names
 * are erased (`{pieceId}` and `{id}` are one route), so a profile edit does not fork history.
 */
export function stableFindingId(parts: StableIdParts): string {
  const canonical = JSON.stringify([
    'cloison-finding/v1',
    parts.check.trim(),
    normalizeRouteTemplate(parts.routeTemplate),
    parts.relationship.trim().toLowerCase(),
    parts.vector.trim(),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export function normalizeRouteTemplate(template: string): string {
  let route = template.trim().replace(/\s+/g, ' ');
  const method = /^([A-Za-z]+) (.*)$/.exec(route);
  if (method) route = `${(method[1] ?? '').toUpperCase()} ${method[2] ?? ''}`;
  route = route.replace(/\{[^}]*\}/g, '{}').replace(/:[A-Za-z_][A-Za-z0-9_]*/g, '{}');
  return route.length > 1 ? route.replace(/\/+$/, '') : route;
}

/** What the attacker did, for the title. */
export type Action =
  | 'view' | 'list' | 'download' | 'preview' | 'metadata' | 'search' | 'export'
  | 'upload' | 'rename' | 'overwrite' | 'delete' | 'update';

const VERBS: Record<Action, string> = {
  view: 'views', list: 'lists', download: 'downloads', preview: 'previews', metadata: 'reads the metadata of',
  search: 'finds', export: 'exports', upload: 'uploads into', rename: 'renames', overwrite: 'overwrites',
  delete: 'deletes', update: 'modifies',
};

const RESOURCE_LABELS: Record<string, string> = {
  piece: 'pièce', pièce: 'pièce', dossier: 'dossier', demande: 'demande', person: 'personal data',
  profile: 'personal data', export: 'export',
};

/** Health documents (GDPR art. 9 special category): their disclosure is critical on its own. */
export const HEALTH_PIECE_TYPES: ReadonlySet<string> = new Set(['certificat_medical', 'audiogramme', 'bilan_ophtalmologique']);

export interface ResponseInput {
  status: number;
  headers: Record<string, string>;
  contentType?: string;
  /** Raw body; the excerpt is cut from it around the first evidence, then redacted. */
  body?: Uint8Array | string;
  /** Ready-made excerpt (still redacted here) when the check has no body (a browser page). */
  excerpt?: string;
}

interface DraftBase {
  check: string;
  title?: string;
  action?: Action;
  attacker: PartyRef;
  victim?: PartyRef;
  resource?: Finding['resource'];
  routeTemplate: string;
  vector: string;
  channel: Channel;
  /** As sent: headers, URL and body are redacted here. */
  request: RecordedRequest;
  response?: ResponseInput;
  evidence?: Evidence[];
  /** Did the response expose the file itself or only facts about it? Derived when omitted: from
   * the action (download, preview, export) and from where evidence was found (inside a file). */
  exposure?: 'contents' | 'metadata';
  references?: Partial<Finding['references']>;
  screenshot?: string;
  detail?: string;
}

/** Leaks, unscanned and suspicious responses get their severity from the rules; violations from
 * the check, which alone knows what a missing cookie flag or cache header is worth. */
export type FindingDraft =
  | (DraftBase & { verdict: Extract<Verdict, 'leak' | 'suspicious' | 'unscanned'> })
  | (DraftBase & { verdict: 'violation'; severity: Severity });

const MAX_EVIDENCE = 50;
const EXCERPT_RADIUS = 280;

export function makeFinding(draft: FindingDraft, redactor: Redactor): Finding {
  const relationship = draft.attacker.relationship ?? draft.attacker.role;
  const evidence = dedupeEvidence(draft.evidence ?? []);
  const finding: Finding = {
    id: stableFindingId({ check: draft.check, routeTemplate: draft.routeTemplate, relationship, vector: draft.vector }),
    check: draft.check,
    verdict: draft.verdict,
    severity: severityOf(draft, evidence),
    title: draft.title ?? titleOf(draft, relationship),
    attacker: draft.attacker,
    ...(draft.victim ? { victim: draft.victim } : {}),
    ...(draft.resource ? { resource: draft.resource } : {}),
    routeTemplate: draft.routeTemplate,
    vector: draft.vector,
    channel: draft.channel,
    request: {
      method: draft.request.method.toUpperCase(),
      url: redactor.url(draft.request.url),
      headers: redactor.headers(draft.request.headers),
      ...(draft.request.body !== undefined ? { body: redactor.body(draft.request.body) } : {}),
    },
    ...(draft.response ? { response: recordResponse(draft.response, evidence, redactor) } : {}),
    evidence: evidence.slice(0, MAX_EVIDENCE),
    ...(evidence.length > MAX_EVIDENCE ? { evidenceTotal: evidence.length } : {}),
    references: referencesOf(draft, evidence),
    ...(draft.screenshot ? { screenshot: draft.screenshot } : {}),
    ...(draft.detail ? { detail: draft.detail } : {}),
  };
  // Last sweep over every string (titles and details are free text written by checks).
  return redactor.value(finding);
}

function severityOf(draft: FindingDraft, evidence: readonly Evidence[]): Severity {
  if (draft.verdict === 'violation') return draft.severity;
  if (draft.verdict === 'suspicious' || draft.verdict === 'unscanned') return 'medium';
  const health = draft.resource?.type !== undefined && HEALTH_PIECE_TYPES.has(draft.resource.type);
  return health || exposureOf(draft, evidence) === 'contents' ? 'critical' : 'high';
}

function exposureOf(draft: DraftBase, evidence: readonly Evidence[]): 'contents' | 'metadata' {
  if (draft.exposure) return draft.exposure;
  if (draft.action === 'download' || draft.action === 'preview' || draft.action === 'export') return 'contents';
  // Found inside a file (its hash, a PDF stream, a PNG chunk, a zip entry, a base64 blob).
  // or the marker only a file's content holds.
  return evidence.some((e) => e.kind === 'content' || /^(sha256:|pdf:|png:|zip:)|:base64/.test(e.location)) ? 'contents' : 'metadata';
}

function referencesOf(draft: FindingDraft, evidence: readonly Evidence[]): Finding['references'] {
  const base: Finding['references'] = { cwe: [], owasp: [], wstg: [], other: [] };
  if (draft.verdict === 'leak') {
    base.cwe.push('CWE-639', 'CWE-200');
    if (evidence.some((e) => e.kind === 'email' || e.kind === 'nir' || e.kind === 'identity' || e.kind === 'address')) base.cwe.push('CWE-359');
    base.owasp.push('API1:2023 Broken Object Level Authorization', 'ASVS 4.0.3 V4.2.1');
    base.wstg.push('WSTG-ATHZ-04');
    base.other.push('GDPR art. 32');
    if (draft.resource?.type !== undefined && HEALTH_PIECE_TYPES.has(draft.resource.type)) base.other.push('GDPR art. 9');
  } else if (draft.verdict === 'suspicious') {
    base.cwe.push('CWE-639');
    base.owasp.push('API1:2023 Broken Object Level Authorization');
    base.wstg.push('WSTG-ATHZ-04');
  }
  const extra = draft.references ?? {};
  const merge = (a: string[], b: string[] | undefined): string[] => [...new Set([...a, ...(b ?? [])])];
  return {
    cwe: merge(base.cwe, extra.cwe),
    owasp: merge(base.owasp, extra.owasp),
    wstg: merge(base.wstg, extra.wstg),
    other: merge(base.other, extra.other),
  };
}

function titleOf(draft: FindingDraft, relationship: string): string {
  const anonymous = draft.attacker.key === 'anonymous' || relationship === 'anonymous';
  const who = anonymous ? 'anonymous' : `${relationship} ${draft.attacker.key}`;
  const kind = draft.resource ? (RESOURCE_LABELS[draft.resource.kind] ?? draft.resource.kind) : 'resource';
  const what = draft.victim ? `${draft.victim.key}'s ${kind}` : `a ${kind}`;
  const route = /^[A-Z]+ /.test(draft.routeTemplate) ? draft.routeTemplate : `${draft.request.method.toUpperCase()} ${draft.routeTemplate}`;
  if (draft.verdict === 'suspicious') {
    return `${who} gets ${draft.response?.status ?? '2xx'} for ${what} via ${route} (no marker recognised)`;
  }
  if (draft.verdict === 'violation') return `${draft.check} violated on ${route}${draft.detail ? `: ${draft.detail}` : ''}`;
  if (draft.verdict === 'unscanned') {
    return `${who} gets ${draft.response?.status ?? 'an answer'} for ${what} via ${route} that the oracle could not read whole${draft.detail ? ` (${draft.detail})` : ''}`;
  }
  return `${who} ${VERBS[draft.action ?? 'view']} ${what} via ${route}`;
}

function recordResponse(response: ResponseInput, evidence: readonly Evidence[], redactor: Redactor): Finding['response'] {
  let excerpt = response.excerpt !== undefined ? excerptAround(response.excerpt, undefined, EXCERPT_RADIUS, redactor) : '';
  let readable: ReturnType<typeof readableExcerpts> = [];
  if (response.body !== undefined && response.excerpt === undefined) {
    readable = readableExcerpts(response.body, response.contentType, evidence, redactor);
    const raw = typeof response.body === 'string' ? response.body : readableText(response.body, response.contentType);
    // Around the first marker seen in the body itself; the view where it is readable (an
    // entity-encoded e-mail is shown decoded) or else the start of the body.
    const first = evidence.find((e) => e.location === 'body') ?? evidence[0];
    let view = raw;
    let needle = first?.value;
    if (first) {
      const pattern = spelledAnywhere(first);
      for (const candidate of textViews(raw)) {
        const match = pattern.exec(candidate);
        if (match) {
          view = candidate;
          needle = match[0];
          break;
        }
      }
    }
    excerpt = excerptAround(view, needle, EXCERPT_RADIUS, redactor);
  }
  return {
    status: response.status,
    ...(response.contentType ? { contentType: response.contentType } : {}),
    headers: redactor.headers(response.headers),
    excerpt,
    ...(readable.length ? { readable } : {}),
  };
}

/** The evidence value as it may be written in the body: any case, and a NIR with its groups
 * separated (`1 85 05 75 123 456 78`). */
function spelledAnywhere(evidence: Evidence): RegExp {
  const chars = [...evidence.value].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(evidence.kind === 'nir' ? chars.join('[\\s.]?') : chars.join(''), 'i');
}

function dedupeEvidence(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.kind}\0${e.value}\0${e.location}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
