import { FLAW_IDS, type FlawId } from './catalog';

/**
 * The one seam between the secure portal and the flaw catalog: picks, once at build time, the
 * flawed variant of a hook point when its flaw is switched on, else the secure one. When several
 * switched-on flaws share a hook point, the first in catalog order wins.
 */
export function variant<T>(flaws: ReadonlySet<FlawId>, secure: T, flawed: Partial<Record<FlawId, T>>): T {
  for (const id of FLAW_IDS) {
    const candidate = flawed[id];
    if (candidate !== undefined && flaws.has(id)) return candidate;
  }
  return secure;
}
