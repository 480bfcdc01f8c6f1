import type { Evidence } from '../oracle/evidence';

/** What cloison reports: one finding per (check, route template, relationship, vector). */
export type Channel = 'ui' | 'api';

/** leak: a foreign canary/hash/personal marker was received. suspicious: a forbidden pair got 2xx
 * with nothing recognisable. violation: a property failed without data seen (a cookie flag, a
 * cache header, a session that outlived logout). unscanned: an answer the oracle could not read
 * whole (a limit was hit), so nothing proves it held no one else's data. */
export type Verdict = 'leak' | 'suspicious' | 'violation' | 'unscanned';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** The oracle's proof of a leak, defined where it is found (src/oracle/evidence.ts). */
export type { Evidence };

export interface PartyRef {
  /** population key, or `anonymous` */
  key: string;
  role: string;
  /** How the attacker relates to the victim, e.g. `usager-same-mdph`, `agent-other-mdph`, `anonymous`. */
  relationship?: string;
}

export interface RecordedRequest {
  method: string;
  url: string;
  /** Redacted: no cookie, authorization, csrf or provisioning token values. */
  headers: Record<string, string>;
  body?: string;
}

/** The decoded text around one marker, as a person reads the answer (redacted). */
export interface ReadableExcerpt {
  format: 'pdf' | 'json' | 'html' | 'zip' | 'text';
  /** Where in the answer: a JSON path (`$.items[3].email`), `zip:<entry>`, `pdf`, `html text`… */
  where: string;
  marker: string;
  text: string;
}

export interface RecordedResponse {
  status: number;
  contentType?: string;
  headers: Record<string, string>;
  /** Redacted excerpt around the first evidence (or the start of the body), at most ~600 chars. */
  excerpt: string;
  /** Decoded text around each marker (PDF text, JSON path and value, HTML text, ZIP entry). */
  readable?: ReadableExcerpt[];
}

export interface Finding {
  /** Stable across runs: hash of check + route template + relationship + vector. */
  id: string;
  check: string;
  verdict: Verdict;
  severity: Severity;
  title: string;
  attacker: PartyRef;
  victim?: PartyRef;
  resource?: {
    kind: string;
    key: string;
    id?: string;
    /** Pièce type (`certificat_medical`…) when known: health documents raise the severity. */
    type?: string;
  };
  routeTemplate: string;
  vector: string;
  channel: Channel;
  request: RecordedRequest;
  response?: RecordedResponse;
  evidence: Evidence[];
  /** How many evidence items were found when `evidence` was capped (a list leaking everyone). */
  evidenceTotal?: number;
  references: { cwe: string[]; owasp: string[]; wstg: string[]; other: string[] };
  /** Relative path of a screenshot attachment when a browser saw it. */
  screenshot?: string;
  detail?: string;
}
