import type { Channel, Evidence } from '../findings/types';
import type { ScanResult } from '../oracle/scan';

/** What a probe is about: carried with every request so a leak seen anywhere is attributed. */
export interface ProbeContext {
  check: string;
  routeTemplate: string;
  vector: string;
  channel: Channel;
  /** The owner of the object aimed at, when the probe aims at one. */
  victimKey?: string;
  relationship?: string;
  resource?: { kind: string; key: string; id?: string };
  /** True when the requester must be refused (forbidden pair on an object route). */
  expectDenied: boolean;
}

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** One request and its answer, judged by the oracle. */
export interface Exchange {
  identity: string;
  context: ProbeContext;
  request: SentRequest;
  status: number;
  headers: Record<string, string>;
  contentType?: string;
  /** Decoded body text (latin1-safe), for excerpts. */
  text: string;
  /** The body as received, so a finding can show the decoded text of a PDF or ZIP around a marker. */
  body?: Uint8Array;
  evidence: Evidence[];
  /** Evidence of people this identity may not see: a leak whatever the status. */
  foreign: Evidence[];
  /** Why the oracle could not read the answer whole (the limits hit): a finding, never a pass. */
  unscanned: string[];
  /** Screenshot file when the browser showed it. */
  screenshot?: string;
}

export interface ResponseScanner {
  scan(input: { body: Uint8Array; headers: Record<string, string>; contentType?: string }): ScanResult;
}

/** Receives every exchange that carried foreign evidence, could not be scanned whole, or looked suspicious. */
export interface ExchangeSink {
  leak(exchange: Exchange): void;
  unscanned(exchange: Exchange): void;
  suspicious(exchange: Exchange, reason: string): void;
}
