import { makeFinding, type Action } from '../../findings/finding';
import type { Finding, Severity } from '../../findings/types';
import type { RunContext } from '../../run/context';
import type { Exchange } from '../../session/exchange';
import type { Ledger } from '../../session/ledger';

/** What went wrong on the write side: the action tried, or what the victim found afterwards. */
export type WriteFlaw = 'upload' | 'rename' | 'overwrite' | 'delete' | 'mass-assignment' | 'protected-field' | 'data-loss' | 'integrity';

const ACTION_OF: Record<WriteFlaw, Action> = {
  upload: 'upload', rename: 'rename', overwrite: 'overwrite', delete: 'delete', 'mass-assignment': 'upload', 'protected-field': 'update', 'data-loss': 'delete', integrity: 'update',
};

const VERB: Record<WriteFlaw, string> = {
  upload: 'uploads into', rename: 'renames', overwrite: 'overwrites', delete: 'deletes', 'mass-assignment': 'plants a pièce in', 'protected-field': 'reaches, through a protected field,',
  'data-loss': 'makes disappear', integrity: 'alters',
};

const REFERENCES: Record<WriteFlaw, Partial<Finding['references']>> = {
  upload: { cwe: ['CWE-639', 'CWE-862'], owasp: ['API1:2023 Broken Object Level Authorization', 'ASVS 4.0.3 V4.2.1'], wstg: ['WSTG-ATHZ-02'] },
  rename: { cwe: ['CWE-639'], owasp: ['API1:2023 Broken Object Level Authorization', 'ASVS 4.0.3 V4.2.1'], wstg: ['WSTG-ATHZ-04'] },
  overwrite: { cwe: ['CWE-639'], owasp: ['API1:2023 Broken Object Level Authorization', 'ASVS 4.0.3 V4.2.1'], wstg: ['WSTG-ATHZ-04'] },
  delete: { cwe: ['CWE-639'], owasp: ['API1:2023 Broken Object Level Authorization', 'ASVS 4.0.3 V4.2.1'], wstg: ['WSTG-ATHZ-04'] },
  'mass-assignment': { cwe: ['CWE-915'], owasp: ['API3:2023 Broken Object Property Level Authorization', 'ASVS 4.0.3 V5.1.2'], wstg: ['WSTG-ATHZ-02'] },
  'protected-field': { cwe: ['CWE-915', 'CWE-639'], owasp: ['API3:2023 Broken Object Property Level Authorization', 'ASVS 4.0.3 V5.1.2'], wstg: ['WSTG-ATHZ-02'] },
  'data-loss': { cwe: ['CWE-639'], owasp: ['API1:2023 Broken Object Level Authorization'], wstg: ['WSTG-ATHZ-04'], other: ['GDPR art. 32 (availability)'] },
  integrity: { cwe: ['CWE-639'], owasp: ['API1:2023 Broken Object Level Authorization'], wstg: ['WSTG-ATHZ-04'], other: ['GDPR art. 32 (integrity)'] },
};

export interface WriteFindingInput {
  flaw: WriteFlaw;
  /** Undefined for the anonymous visitor; `unattributed` when the victim lost something no probe aimed at. */
  attackerKey: string | undefined;
  victimKey: string;
  /** `METHOD path` of the write route (or of the list route that proved the loss). */
  routeTemplate: string;
  vector: string;
  /** The request that did it, or the victim's read that proved it. */
  exchange: Exchange;
  resource: { kind: 'piece' | 'dossier'; key: string; id?: string; type?: string };
  /** What the target answered and what the victim saw afterwards, in words. */
  outcome: string;
  severity: Severity;
}

export const UNATTRIBUTED = 'unattributed';

/** A write-side violation as a redacted finding, recorded in the test's ledger. */
export function recordWriteFinding(run: RunContext, ledger: Ledger, input: WriteFindingInput): void {
  const attacker = attackerRef(run, input.attackerKey, input.victimKey);
  const who = attacker.key === 'anonymous' ? 'anonymous' : `${attacker.relationship} ${attacker.key}`;
  const kind = input.resource.kind === 'piece' ? 'pièce' : 'dossier';
  const title = `${who} ${VERB[input.flaw]} ${input.victimKey}'s ${kind} via ${input.routeTemplate}: ${input.outcome}`;
  const { exchange } = input;
  ledger.record(
    makeFinding(
      {
        verdict: 'violation',
        severity: input.severity,
        check: `writes/${input.flaw}`,
        title,
        action: ACTION_OF[input.flaw],
        attacker,
        victim: { key: input.victimKey, role: run.person(input.victimKey).role },
        resource: input.resource,
        routeTemplate: input.routeTemplate,
        vector: input.vector,
        channel: 'api',
        request: exchange.request,
        response: { status: exchange.status, headers: exchange.headers, contentType: exchange.contentType, body: exchange.text },
        references: REFERENCES[input.flaw],
        detail: input.outcome,
      },
      ledger.redaction,
    ),
  );
}

function attackerRef(run: RunContext, key: string | undefined, victimKey: string): Finding['attacker'] {
  if (key === UNATTRIBUTED) return { key, role: 'unknown', relationship: 'unattributed' };
  if (key === undefined) return { key: 'anonymous', role: 'anonymous', relationship: 'anonymous' };
  return { key, role: run.person(key).role, relationship: run.policy.relationship(key, victimKey) };
}
