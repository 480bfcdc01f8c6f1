import type { BrowserContext } from '@playwright/test';
import type { Identity } from '../../session/identity';
import { probeContext } from '../probe-context';
import { credentialHolder, FreshSession, sessionlessHolder, type SessionCredential, type SessionWiring, type StoredCookie } from '../../session/fresh-session';

/**
 * Every session a session check opens for itself (fresh logins, holders of a copied or planted
 * credential, browsers signed in), remembered so that all are ended when the test ends, whatever
 * failed before: the `freshSessions` fixture's teardown (as Cal.com's user fixtures delete the
 * users a test created). No live session of a check outlives its test.
 */
export class FreshSessions {
  private readonly ends: (() => Promise<void>)[] = [];

  constructor(readonly wiring: SessionWiring) {}

  /**
   * A person logged in through the profile's login API (optionally over a planted cookie); logged
   * out at the end. `check`: the check that opened it, which a leak in its own answers (login,
   * share, logout) is reported under.
   */
  async open(key: string, options: { check: string; planted?: StoredCookie[] }): Promise<FreshSession> {
    const { run } = this.wiring;
    const probe = (routeTemplate: string, vector: string) => probeContext(run, { check: options.check, routeTemplate, vector, channel: 'api' }, { requesterKey: key, victimKey: key });
    const session = await FreshSession.open(this.wiring, key, { probe, ...(options.planted ? { planted: options.planted } : {}) });
    this.ends.push(() => session.dispose());
    return session;
  }

  /** Someone holding a credential (see credentialHolder); its channels are closed at the end. */
  holder(credential: SessionCredential, owner?: string): Identity {
    const identity = credentialHolder(this.wiring, credential, owner);
    this.ends.push(() => identity.dispose());
    return identity;
  }

  /** Someone with no session (see sessionlessHolder); its channels are closed at the end. */
  sessionless(owner?: string): Identity {
    const identity = sessionlessHolder(this.wiring, owner);
    this.ends.push(() => identity.dispose());
    return identity;
  }

  /** A browser context of the check's own (a person signed in through a form); closed at the end. */
  browser(context: BrowserContext): BrowserContext {
    this.ends.push(() => context.close());
    return context;
  }

  /** Ends everything, last opened first; every end is tried, the first failure is thrown after. */
  async disposeAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const end of this.ends.splice(0).reverse()) await end().catch((error: unknown) => void failures.push(error));
    if (failures.length > 0) throw failures[0];
  }
}
