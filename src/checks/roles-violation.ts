import { makeFinding } from '../findings/finding';
import type { Redactor } from '../findings/redact';
import type { Finding } from '../findings/types';
import type { RunContext } from '../run/context';
import type { Exchange, ExchangeSink } from '../session/exchange';

/** A sink that also takes findings a check builds itself (the Ledger). */
export interface ViolationSink extends ExchangeSink {
  record(finding: Finding): void;
  readonly redaction: Redactor;
}

/**
 * A role the route does not serve was let in: broken function-level authorization, a finding even
 * when the answer holds nothing foreign (a usager opening the back office on its own dossier).
 */
export function roleViolation(run: RunContext, exchange: Exchange, sink: ViolationSink, detail: string): Finding {
  const { context } = exchange;
  const attackerKey = exchange.identity === 'anonymous' ? undefined : exchange.identity;
  const roleOf = (key: string | undefined): string => (key === undefined ? 'anonymous' : run.person(key).role);
  const victimKey = context.victimKey;
  return makeFinding(
    {
      verdict: 'violation',
      severity: 'high',
      check: context.check,
      attacker: {
        key: exchange.identity,
        role: roleOf(attackerKey),
        relationship: victimKey !== undefined ? run.policy.relationship(attackerKey, victimKey) : roleOf(attackerKey),
      },
      ...(victimKey !== undefined ? { victim: { key: victimKey, role: roleOf(victimKey) } } : {}),
      ...(context.resource ? { resource: context.resource } : {}),
      routeTemplate: context.routeTemplate,
      vector: context.vector,
      channel: context.channel,
      request: exchange.request,
      response: { status: exchange.status, headers: exchange.headers, contentType: exchange.contentType, body: exchange.text },
      references: { cwe: ['CWE-285'], owasp: ['API5:2023 Broken Function Level Authorization'], wstg: ['WSTG-ATHZ-03'] },
      detail,
    },
    sink.redaction,
  );
}
