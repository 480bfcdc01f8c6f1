/**
 * Whether a personal answer may be kept by the browser or a proxy. Only `no-store` keeps it out
 * of the browser's cache: Back and history navigations show cached pages without revalidating,
 * even `no-cache` or `max-age=0` ones, so on a shared computer the next person sees them.
 */
export interface CacheJudgement {
  stored: boolean;
  /** Why the answer can be kept, for the finding. */
  detail?: string;
  /** Kept by shared caches too (a proxy serves it to the next user), not only by this browser. */
  shared?: boolean;
}

export function parseCacheControl(value: string | undefined): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of (value ?? '').split(',')) {
    const [name, ...rest] = part.split('=');
    const key = name?.trim().toLowerCase();
    if (key) directives.set(key, rest.join('=').trim().replace(/^"|"$/g, ''));
  }
  return directives;
}

export function judgeCacheControl(headers: Record<string, string>): CacheJudgement {
  const value = headers['cache-control'];
  const directives = parseCacheControl(value);
  if (directives.has('no-store')) return { stored: false };
  const shared = directives.has('public') || directives.has('s-maxage');
  const detail = value === undefined || value.trim() === '' ? 'no Cache-Control: browsers and proxies may keep it' : `Cache-Control "${value}" lets it be kept (no no-store)`;
  return { stored: true, detail, shared };
}
