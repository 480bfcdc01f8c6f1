import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import type { RunContext } from '../run/context';
import type { ExchangeSink, ResponseScanner } from './exchange';
import type { StoredItem } from '../sign-in/browser-token';
import { ContextBound } from './context-bound';
import { Identity } from './identity';
import { browserContextLimit } from '../settings/settings';

/** A storage-state file, plus the headers a bearer or CSRF session needs. */
interface SessionFile {
  headers?: Record<string, string>;
  /** A token the target's pages keep in sessionStorage (not part of a storage state). */
  sessionStorage?: StoredItem[];
}

/**
 * The identities of one worker: created on first use from the sessions the setup saved, one API
 * context and one browser context each, never shared and never switched between users. At most
 * `CLOISON_BROWSER_CONTEXTS` of those browser contexts are open at once (context-bound.ts).
 */
export class IdentityPool {
  private readonly identities = new Map<string, Identity>();
  private currentSink: ExchangeSink | undefined;
  readonly contexts: ContextBound;

  constructor(
    private readonly run: RunContext,
    private readonly browser: Browser,
    private readonly scanner: ResponseScanner,
    private readonly screenshotDir: string,
  ) {
    mkdirSync(screenshotDir, { recursive: true });
    this.contexts = new ContextBound(browserContextLimit(run.target.settings));
  }

  set sink(sink: ExchangeSink | undefined) {
    this.currentSink = sink;
    for (const identity of this.identities.values()) identity.sink = sink;
  }

  /** The identity of a population key, or the anonymous visitor for undefined. */
  get(key: string | undefined): Promise<Identity> {
    const name = key ?? 'anonymous';
    let identity = this.identities.get(name);
    if (!identity) {
      identity = this.create(key);
      identity.sink = this.currentSink;
      this.identities.set(name, identity);
    }
    return Promise.resolve(identity);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.identities.values()].map((identity) => identity.dispose()));
    this.identities.clear();
  }

  private create(key: string | undefined): Identity {
    const { target, state } = this.run;
    const session = key === undefined ? undefined : readSession(state.sessions[key], key);
    const storageState = key === undefined ? undefined : state.sessions[key];
    const identity = new Identity({
      key,
      role: key === undefined ? 'anonymous' : this.run.person(key).role,
      baseURL: target.baseURL,
      allowedHosts: target.allowedHosts,
      visibleOwners: this.run.policy.visibleOwners(key),
      scanner: this.scanner,
      browser: this.browser,
      contexts: this.contexts,
      storageState,
      sessionHeaders: session?.headers,
      sessionStorage: session?.sessionStorage,
      screenshotDir: this.screenshotDir,
    });
    return identity;
  }
}

function readSession(file: string | undefined, key: string): SessionFile {
  if (!file) throw new Error(`no saved session for ${key}: did the setup project sign it in?`);
  return JSON.parse(readFileSync(file, 'utf8')) as SessionFile;
}
