import type { Browser } from '@playwright/test';
import type { StoredItem } from '../sign-in/browser-token';
import type { HttpClient } from '../transport/http-client';
import type { ContextBound } from './context-bound';
import type { Exchange, ProbeContext, SentRequest } from './exchange';

/** What one identity's browser visits are given: its session, its bounds, and how they wait and judge. */
export interface VisitWaits {
  /** No request in flight and no short timer pending for this long: the page has settled. */
  quietMs: number;
  /** Requests still in flight after this long make the visit an error: their answers were never judged. */
  settleLimitMs: number;
  /**
   * How long to wait for an answer's body. A body that does not come in time was not read, so not
   * judged: the answer is `unscanned` (a finding), as the oracle reports an answer it cut.
   */
  bodyMs: number;
  /** A download the browser began must arrive within this long, or the visit is an error. */
  downloadMs: number;
}

export const DEFAULT_WAITS: VisitWaits = { quietMs: 15, settleLimitMs: 15_000, bodyMs: 5_000, downloadMs: 30_000 };

/** A visit whose answers could not all be judged: an error of that probe, never a pass. */
export class UnjudgedVisitError extends Error {
  override readonly name = 'UnjudgedVisitError';
}

/** Judges one answer under a probe's context (see judge-answer.ts). */
export type Judge = (context: ProbeContext, request: SentRequest, status: number, headers: Record<string, string>, body: Buffer, unread?: readonly string[]) => Exchange;

export interface BrowserVisitOptions {
  /** The identity's name, in screenshot file names. */
  name: string;
  baseURL: string;
  allowedHosts: readonly string[];
  /** The worker's browser; the context in it is opened on first visit. */
  browser: Browser;
  /** The worker's bound on open contexts; without one, the context stays open until close(). */
  bound?: ContextBound;
  /** Storage-state file for the browser context (cookies of the signed-in session). */
  storageState?: string;
  /** Extra headers a session needs on every request (bearer token, CSRF). Secrets: never recorded. */
  sessionHeaders?: Record<string, string>;
  /** Items the target's pages keep in sessionStorage (a bearer token): secrets, set by an init script. */
  sessionStorage?: readonly StoredItem[];
  screenshotDir: string;
  waits: VisitWaits;
  /** The identity's HTTP client: a body the browser would not hand over is read again through it. */
  http: HttpClient;
  judge: Judge;
}
