/** Lifetimes up to this are proven by waiting them out; longer ones by the expiry the target announces. */
export const MAX_AWAITED_TTL_SECONDS = 15;
/** With no lifetime declared, a link announced to live longer than a day is a finding of its own. */
export const DEFAULT_MAX_LINK_LIFETIME_SECONDS = 24 * 60 * 60;
/** Clock drift between cloison and the target, and the time the creation request took. */
export const EXPIRY_SLACK_SECONDS = 60;

/** How a link's expiry is proven on this target. */
export type ExpiryProof =
  | { kind: 'wait'; waitMs: number }
  | { kind: 'advertised'; maxSeconds: number }
  | { kind: 'unprovable'; reason: string };

/**
 * A short declared lifetime is waited out, then the link must be dead. A long one cannot be
 * waited for: the expiry the target announces (`expiresAt`) must then be present and bounded.
 */
export function expiryProof(ttlSeconds: number | undefined, capturesExpiry: boolean): ExpiryProof {
  if (ttlSeconds !== undefined && ttlSeconds <= MAX_AWAITED_TTL_SECONDS) return { kind: 'wait', waitMs: ttlSeconds * 1000 + 1500 };
  if (!capturesExpiry) {
    return {
      kind: 'unprovable',
      reason:
        ttlSeconds === undefined
          ? 'the profile declares no share.ttlSeconds and captures no expiresAt: link expiry cannot be proven'
          : `share.ttlSeconds is ${ttlSeconds} s (over ${MAX_AWAITED_TTL_SECONDS} s, not awaited) and share.create captures no expiresAt to check instead`,
    };
  }
  return { kind: 'advertised', maxSeconds: ttlSeconds ?? DEFAULT_MAX_LINK_LIFETIME_SECONDS };
}

/** What is wrong with an announced expiry, or undefined when it is bounded as it must be. */
export function advertisedExpiryProblem(expiresAt: unknown, createdAtMs: number, maxSeconds: number): string | undefined {
  const at = typeof expiresAt === 'number' ? (expiresAt < 1e12 ? expiresAt * 1000 : expiresAt) : typeof expiresAt === 'string' ? Date.parse(expiresAt) : NaN;
  if (!Number.isFinite(at)) return `the link announces no readable expiry (${JSON.stringify(expiresAt) ?? 'nothing'})`;
  const lifetime = (at - createdAtMs) / 1000;
  if (lifetime > maxSeconds + EXPIRY_SLACK_SECONDS) return `the link announces a lifetime of ${Math.round(lifetime)} s, over the ${maxSeconds} s allowed`;
  return undefined;
}
