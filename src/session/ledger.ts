import { readFileSync } from 'node:fs';
import { makeFinding, type Action } from '../findings/finding';
import { Redactor } from '../findings/redact';
import type { Finding } from '../findings/types';
import { provisioningSecrets } from '../provisioning/secrets';
import type { RunContext } from '../run/context';
import type { Exchange, ExchangeSink } from './exchange';

const ACTIONS = new Set<string>(['view', 'list', 'download', 'preview', 'metadata', 'search', 'export', 'upload', 'rename', 'overwrite', 'delete', 'update']);

/**
 * What one test saw go wrong. Leaks and unscanned answers come from the oracle on any identity's
 * answers, suspicious successes from the checks; all become redacted findings, one per (finding
 * id, attacker, victim).
 */
export class Ledger implements ExchangeSink {
  private readonly leaks: Exchange[] = [];
  private readonly unread: Exchange[] = [];
  private readonly suspects: { exchange: Exchange; reason: string }[] = [];
  private readonly extra: Finding[] = [];
  private readonly redactor: Redactor;

  constructor(private readonly run: RunContext) {
    this.redactor = new Redactor(secretsOf(run));
  }

  leak(exchange: Exchange): void {
    this.leaks.push(exchange);
  }

  /** An answer the oracle could not read whole: no proof it was clean, so never a pass. */
  unscanned(exchange: Exchange): void {
    this.unread.push(exchange);
  }

  suspicious(exchange: Exchange, reason: string): void {
    this.suspects.push({ exchange, reason });
  }

  /** Findings a check builds itself (violations: a cookie flag, a cache header, a session that outlived logout). */
  record(finding: Finding): void {
    this.extra.push(this.redactor.value(finding));
  }

  get redaction(): Redactor {
    return this.redactor;
  }

  findings(): Finding[] {
    const byKey = new Map<string, Finding>();
    const keep = (finding: Finding): void => {
      const key = `${finding.id}|${finding.attacker.key}|${finding.victim?.key ?? ''}`;
      if (!byKey.has(key)) byKey.set(key, finding);
    };
    for (const exchange of this.leaks) {
      for (const victim of new Set(exchange.foreign.map((evidence) => evidence.ownerKey))) {
        keep(this.draft(exchange, victim, 'leak'));
      }
    }
    for (const exchange of this.unread) keep(this.draft(exchange, exchange.context.victimKey, 'unscanned', exchange.unscanned.join('; ')));
    for (const { exchange, reason } of this.suspects) keep(this.draft(exchange, exchange.context.victimKey, 'suspicious', reason));
    for (const finding of this.extra) keep(finding);
    return [...byKey.values()];
  }

  /** One line per finding; pass the list when it is at hand, drafting findings is not free. */
  summary(findings: readonly Finding[] = this.findings()): string {
    return findings
      .map((finding) => `  [${finding.verdict}] ${finding.title} (${finding.vector}, ${finding.request.method} ${finding.request.url})`)
      .join('\n');
  }

  private draft(exchange: Exchange, victimKey: string | undefined, verdict: 'leak' | 'suspicious' | 'unscanned', reason?: string): Finding {
    const { context } = exchange;
    const attackerKey = exchange.identity;
    // A person the run's policy does not hold (a check's throw-away account, known only to its own
    // run) has the relationship its probe stated.
    const known = (key: string): boolean => this.run.state.people.some((person) => person.key === key);
    const relationship =
      victimKey !== undefined && known(victimKey) && (attackerKey === 'anonymous' || known(attackerKey))
        ? this.run.policy.relationship(attackerKey === 'anonymous' ? undefined : attackerKey, victimKey)
        : (context.relationship ?? 'unknown');
    const evidence = verdict === 'leak' ? exchange.foreign.filter((item) => item.ownerKey === victimKey) : [];
    const document = this.run.state.documents.find((candidate) => candidate.key === (evidence[0]?.documentKey ?? context.resource?.key));
    const action = context.check.split('/')[1] ?? 'view';
    return makeFinding(
      {
        verdict,
        check: context.check,
        action: ACTIONS.has(action) ? (action as Action) : undefined,
        attacker: { key: attackerKey, role: roleOf(this.run, attackerKey), relationship },
        victim: victimKey ? { key: victimKey, role: roleOf(this.run, victimKey) } : undefined,
        resource: document
          ? { kind: 'piece', key: document.key, id: String(document.bindings[this.run.profile.ids.piece] ?? ''), type: document.type }
          : context.resource,
        routeTemplate: context.routeTemplate,
        vector: context.vector,
        channel: context.channel,
        request: exchange.request,
        response: { status: exchange.status, headers: exchange.headers, contentType: exchange.contentType, body: exchange.body ?? exchange.text },
        evidence,
        screenshot: exchange.screenshot,
        detail: reason,
      },
      this.redactor,
    );
  }
}

function roleOf(run: RunContext, key: string): string {
  return run.state.people.find((person) => person.key === key)?.role ?? 'anonymous';
}

/** Everything that must never reach an artifact: passwords, session cookies, tokens. */
function secretsOf(run: RunContext): string[] {
  const { state, profile } = run;
  const secrets = provisioningSecrets(profile, run.target.settings, state);
  for (const file of Object.values(state.sessions)) {
    try {
      const session = JSON.parse(readFileSync(file, 'utf8')) as { cookies?: { value: string }[]; headers?: Record<string, string> };
      secrets.push(...(session.cookies ?? []).map((cookie) => cookie.value), ...Object.values(session.headers ?? {}));
    } catch {
      // A missing session file fails the identity that needs it, with its own message.
    }
  }
  return secrets.filter((secret) => secret.length >= 8);
}
