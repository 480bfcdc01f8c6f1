import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { makeFinding } from '../../findings/finding';
import type { Channel, Finding, PartyRef, Severity } from '../../findings/types';
import type { RunContext } from '../../run/context';
import type { Exchange } from '../../session/exchange';
import type { SessionWiring } from '../../session/fresh-session';
import type { Ledger } from '../../session/ledger';
import type { IdentityPool } from '../../session/pool';
import { createScanner } from '../../session/scanner';
import type { FreshSessions } from './fresh-sessions';

/** What every session check is given by its spec. */
export interface SessionCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: Ledger;
  browser: Browser;
  /** The sessions the check opens for itself, all ended when the test ends (the freshSessions fixture). */
  sessions: FreshSessions;
}

/** What a check's fresh sessions are wired to: the test's ledger and redactor. */
export function sessionWiring({ run, ledger, browser }: Pick<SessionCheck, 'run' | 'ledger' | 'browser'>): SessionWiring {
  return {
    run,
    browser,
    scanner: createScanner(run.state, run.profile),
    sink: ledger,
    addSecrets: (secrets) => void ledger.redaction.addSecrets(secrets),
    screenshotDir: join(run.target.settings.reportDir, 'screenshots', 'sessions'),
  };
}

export const wiringOf = (check: SessionCheck): SessionWiring => check.sessions.wiring;

/** The person a session property is proven for, and who would abuse its failure. */
export function partyOf(run: RunContext, key: string, relationship?: string): PartyRef {
  return { key, role: run.person(key).role, ...(relationship ? { relationship } : {}) };
}

/** Someone the target does not know: the next user of a shared computer, a thief of a cookie. */
export const outsider = (relationship: string): PartyRef => ({ key: 'anonymous', role: 'anonymous', relationship });

export interface Violation {
  check: string;
  attacker: PartyRef;
  victim: PartyRef;
  routeTemplate: string;
  vector: string;
  channel: Channel;
  severity: Severity;
  detail: string;
  /** The exchange that shows it; a request alone when there is no answer to show. */
  exchange?: Exchange;
  request?: Finding['request'];
  references: Partial<Finding['references']>;
}

/** A property that failed without foreign data seen: a cookie flag, a cache header, a link that outlived its end. */
export function recordViolation(ledger: Ledger, violation: Violation): void {
  const { exchange } = violation;
  const request = exchange?.request ?? violation.request ?? { method: 'GET', url: violation.routeTemplate, headers: {} };
  ledger.record(
    makeFinding(
      {
        verdict: 'violation',
        severity: violation.severity,
        check: violation.check,
        attacker: violation.attacker,
        victim: violation.victim,
        routeTemplate: violation.routeTemplate,
        vector: violation.vector,
        channel: violation.channel,
        request,
        // Headers only: what is wrong is in them, and a personal page carries its session's CSRF token.
        ...(exchange ? { response: { status: exchange.status, headers: exchange.headers, contentType: exchange.contentType, excerpt: '' } } : {}),
        references: violation.references,
        detail: violation.detail,
      },
      ledger.redaction,
    ),
  );
}
