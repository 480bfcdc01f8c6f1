/**
 * A baseline: root causes (or, in older files, findings) a team accepted for a while, each with a
 * reason and an expiry date. Read by compare (the gate) and by the history each run appends.
 */
export interface Acceptance {
  /** A root cause id, or (older baselines) a finding id. */
  id: string;
  reason: string;
  /** YYYY-MM-DD, last day the acceptance holds. */
  expires: string;
}

export class BaselineError extends Error {}

/** Parses a baseline file's content ({ accepted: [...] } or a bare array), strictly. */
export function parseBaseline(raw: unknown, source = 'baseline'): Acceptance[] {
  const list = Array.isArray(raw) ? raw : (raw as { accepted?: unknown } | null)?.accepted;
  if (!Array.isArray(list)) throw new BaselineError(`${source}: expected { "accepted": [ { "id", "reason", "expires" } ] }`);
  return list.map((entry: unknown, index) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const where = `${source}: accepted[${index}]`;
    if (typeof e.id !== 'string' || !/^[0-9a-f]{16}$/.test(e.id)) throw new BaselineError(`${where}.id must be a 16-hex-digit root cause or finding id`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 3) throw new BaselineError(`${where} (${e.id}) needs a reason`);
    if (typeof e.expires !== 'string' || !isDate(e.expires)) throw new BaselineError(`${where} (${e.id}) needs an expiry date "expires": "YYYY-MM-DD"`);
    return { id: e.id, reason: e.reason.trim(), expires: e.expires };
  });
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** An acceptance holds through its expiry day (UTC). */
export function isExpired(acceptance: Acceptance, today: Date): boolean {
  return today.toISOString().slice(0, 10) > acceptance.expires;
}
