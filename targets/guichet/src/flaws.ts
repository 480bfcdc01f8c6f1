/**
 * The flaws guichet can switch on, one by one (`GUICHET_FLAWS=blob-idor,...`). Secure by default.
 * Each names the cloison check family that must catch it through guichet's profile alone; the flaw
 * matrix reads this list, so a flaw added here is measured on the next run.
 */
export interface GuichetFlaw {
  id: string;
  cwe: string[];
  description: string;
  exploit: string;
  caughtBy: 'objects' | 'tokens' | 'pages' | 'writes' | 'lifecycle';
  /** The checks that must each fire when this flaw is on (see portal/src/flaws/catalog.ts). */
  checks: readonly string[];
  /** Where its findings can appear, so the flaw matrix may run it with others (see portal/src/flaws/catalog.ts). */
  footprint?: { routes: readonly string[]; checks: readonly string[] };
}

/** The families that probe reads (see portal/src/flaws/catalog.ts). */
const READS = ['objects', 'roles', 'discovery', 'paths', 'substitution', 'concurrency', 'nesting', 'pages'] as const;

export const GUICHET_FLAWS = [
  {
    id: 'blob-idor',
    cwe: ['CWE-639'],
    description: 'The blob route trusts the unguessable UUID: it loads the file by id and never asks whose case it belongs to.',
    exploit: 'GET /v3/files/{uuid}/blob with any bearer token and a UUID seen elsewhere (a shared link, a log, an e-mail).',
    caughtBy: 'objects',
    checks: ['objects/download'],
    footprint: { routes: ['/v3/files/{fileId}/blob'], checks: READS },
  },
  {
    id: 'member-filter',
    cwe: ['CWE-639', 'CWE-863'],
    description: 'The file list honours a client-supplied `member` filter instead of narrowing to the caller\'s own cases.',
    exploit: 'GET /v3/files?member={another member UUID}.',
    caughtBy: 'objects',
    checks: ['objects/list'],
    footprint: { routes: ['/v3/files'], checks: READS },
  },
  {
    id: 'anonymous-thumbnail',
    cwe: ['CWE-862', 'CWE-306'],
    description: 'The thumbnail route was put on the public list for an image CDN; with no token the access check is skipped.',
    exploit: 'GET /v3/files/{uuid}/thumbnail without any Authorization header.',
    caughtBy: 'objects',
    checks: ['objects/preview'],
    footprint: { routes: ['/v3/files/{fileId}/thumbnail'], checks: READS },
  },
  {
    id: 'denied-envelope',
    cwe: ['CWE-200', 'CWE-639'],
    description: 'A refused case read answers 200 with an error envelope `{ok:false, error:"Access denied"}` that still echoes the loaded case and its files.',
    exploit: 'GET /v3/cases/{caseRef} for another member\'s case: the page says "Access denied", the JSON holds the files.',
    caughtBy: 'objects',
    checks: ['objects/metadata', 'objects/view'],
    footprint: { routes: ['/v3/cases/{caseRef}', '/app/cases/{caseRef}'], checks: READS },
  },
  {
    id: 'token-in-query',
    cwe: ['CWE-598', 'CWE-200'],
    description: 'The bearer token is also accepted from `?access_token=` (for links in e-mails and image tags), so it ends up in logs, proxies, history and Referer headers.',
    exploit: 'GET /v3/me?access_token={a token read in a log} without any Authorization header.',
    caughtBy: 'tokens',
    checks: ['tokens/url-token'],
    footprint: { routes: ['*'], checks: ['tokens/url-token'] },
  },
  {
    id: 'cursor-unscoped',
    cwe: ['CWE-639', 'CWE-863'],
    description: 'The "load more" window of the file list (`?offset=`) past the first one pages over every file of every case, not the caller\'s.',
    exploit: 'GET /v3/files?offset=1&limit=1 as any member.',
    caughtBy: 'pages',
    checks: ['pages/list'],
    footprint: { routes: ['/v3/files'], checks: READS },
  },
  {
    id: 'digest-relink',
    cwe: ['CWE-915', 'CWE-639'],
    description: 'Storage is deduplicated by content: a file update that carries a `sha256` (the editor sends the whole file view back) re-points the file to the stored bytes of that digest, found in any case. The file of the URL is checked; whose bytes the digest names is not.',
    exploit: 'PATCH /v3/files/{own file} {"label": …, "sha256": <another member\'s file digest>}, then GET /v3/files/{own file}/blob.',
    caughtBy: 'writes',
    checks: ['writes/protected-field'],
    footprint: { routes: ['*'], checks: ['writes'] },
  },
  {
    id: 'secret-change-keeps-tokens',
    cwe: ['CWE-613'],
    description: 'Changing the secret revokes the bearer token that asked for it and no other: tokens issued under the old secret on other devices stay valid.',
    exploit: 'Keep a token of the member (another device, a stolen token); after PUT /v3/me/secret, GET /v3/files/{uuid}/blob with it.',
    caughtBy: 'lifecycle',
    checks: ['lifecycle/password-change'],
    footprint: { routes: ['*'], checks: ['lifecycle/password-change'] },
  },
] as const satisfies readonly GuichetFlaw[];

export type GuichetFlawId = (typeof GUICHET_FLAWS)[number]['id'];

export const GUICHET_FLAW_IDS: readonly GuichetFlawId[] = GUICHET_FLAWS.map((flaw) => flaw.id);

export function isGuichetFlawId(value: string): value is GuichetFlawId {
  return (GUICHET_FLAW_IDS as readonly string[]).includes(value);
}

/** Parses a comma-separated list; an unknown id stops the start-up, naming it. */
export function parseGuichetFlaws(raw: string | undefined): ReadonlySet<GuichetFlawId> {
  const ids = (raw ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !isGuichetFlawId(id));
  if (unknown.length > 0) throw new Error(`GUICHET_FLAWS: unknown flaw ${unknown.join(', ')} (known: ${GUICHET_FLAW_IDS.join(', ')})`);
  return new Set(ids.filter(isGuichetFlawId));
}
