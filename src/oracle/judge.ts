/**
 * The oracle's verdict on one answer, the only one the harness runs (`Identity` calls it for every
 * answer of either channel). The scan says whose markers the answer carried and what it could not
 * read; the policy says whose markers this identity may see. Anything else is a leak, whatever the
 * status code: a 200 "Accès refusé" page or a 302 that still carries the document leaked it. An
 * answer that could not be read whole is `unscanned`: never a pass.
 */
import type { Evidence } from './evidence';
import { echoableText } from './echo';
import type { ScanResult } from './scan';

export interface Judgement {
  evidence: Evidence[];
  /** Evidence of people this identity may not see and did not send itself: a leak. */
  foreign: Evidence[];
  /** The limits that stopped the scan (`zip: more than 2000 entries`…); empty when read whole. */
  unscanned: string[];
}

export interface JudgeInput {
  scan: ScanResult;
  /** True for the identity itself and whoever the policy lets it see. */
  maySee: (ownerKey: string) => boolean;
  /** The request as sent: a marker the requester put there itself may come back as an echo. */
  request: { url: string; body?: string };
}

export function judge(input: JudgeInput): Judgement {
  const { evidence, cuts } = input.scan;
  let sent: string | undefined;
  const foreign = evidence.filter((item) => {
    if (input.maySee(item.ownerKey)) return false;
    // A marker the requester sent (a search term, a name in the path) that the answer repeats
    // proves nothing was learned; content markers and file hashes never travel in a request.
    sent ??= echoableText(input.request);
    return !(mayBeEcho(item) && sent.includes(item.value));
  });
  return { evidence, foreign, unscanned: cuts };
}

/** Only what a portal may legitimately put in a URL or a form can come back as an echo: a
 * document's name and title (its canary), a person's e-mail, a reference. Never the markers only
 * the content holds, nor a file recognised by its hash. */
function mayBeEcho(evidence: Evidence): boolean {
  return evidence.kind !== 'content' && !evidence.location.startsWith('sha256:');
}
