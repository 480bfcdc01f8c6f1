/**
 * Misconfigurations of a real Parse Server deployment, switched on one by one
 * (`PARSE_FLAWS=no-acl,...`). Secure by default. Each names the cloison checks that must catch it
 * through the Parse profile alone; the flaw matrix reads this list.
 *
 * Parse needs both layers to allow a read: class-level permissions (CLP) and the object's ACL. A
 * flaw in one layer only shows when the other one does not already refuse, so each flaw says which
 * access model the deployment uses (`model`): `acl` (owner-only ACLs, the secure default) or
 * `pointer` (public ACLs guarded by CLP pointer permissions on a `readers` field, a common Parse
 * design). The `pointer` model without its flaw is secure too (tested in targets/parse/test).
 */
export type AccessModel = 'acl' | 'pointer';

export interface ParseFlaw {
  id: string;
  cwe: string[];
  description: string;
  exploit: string;
  caughtBy: 'objects' | 'substitution' | 'tokens';
  /** The access model the deployment uses when this flaw is on. */
  model: AccessModel;
  /** The checks that must each fire when this flaw is on (see portal/src/flaws/catalog.ts). */
  checks: readonly string[];
  /**
   * Where its findings can appear, so the flaw matrix may run it with others (see
   * portal/src/flaws/catalog.ts). Measured on each flaw's own run. A flaw of the `pointer` model
   * has none: the matrix knows nothing of access models, and a group mixing models cannot start.
   */
  footprint?: { routes: readonly string[]; checks: readonly string[] };
}

/** The families that probe reads (see portal/src/flaws/catalog.ts). */
const READS = ['objects', 'roles', 'discovery', 'paths', 'substitution', 'concurrency', 'nesting', 'pages'] as const;

/** The file route of the profile: Parse serves files at /files/<appId>/<name>. */
const FILE_ROUTE = '/parse/files/cloison-parse/{fileName}';

export const PARSE_FLAWS = [
  {
    id: 'no-acl',
    cwe: ['CWE-862', 'CWE-732'],
    description:
      'The Document beforeSave trigger never sets an ACL (the team assumed the client would): Parse saves the object with no ACL, which means public read and write.',
    exploit: 'GET /parse/classes/Document (or /Document/{objectId}) with any session: every user\'s documents, titles and file names, and through them the files.',
    caughtBy: 'objects',
    model: 'acl',
    checks: ['objects/view', 'objects/list', 'objects/search'],
    // Public Documents show on every Document route, the file route (files follow their Document),
    // the pages, and as the concrete URLs discovery replays: any route, but reads only.
    footprint: { routes: ['*'], checks: [...READS, 'sessions/no-store'] },
  },
  {
    id: 'public-files',
    cwe: ['CWE-306', 'CWE-200'],
    description:
      'Parse Server\'s default file settings: fileDownload open to the public and no beforeFind(Parse.File) trigger, so a file URL is the only thing protecting the file.',
    exploit: 'GET /parse/files/{appId}/{fileName} without any session (a URL seen in a log, a shared screen, a forwarded e-mail).',
    caughtBy: 'objects',
    model: 'acl',
    checks: ['objects/download'],
    // A public file also answers the session's token in its URL: nobody needs it.
    footprint: { routes: [FILE_ROUTE], checks: [...READS, 'tokens/url-token'] },
  },
  {
    id: 'open-find',
    cwe: ['CWE-863', 'CWE-639'],
    description:
      'Pointer-permission model: Documents have public ACLs and CLP `get`/`find` limited to the users in `readers`; `find` was opened to every signed-in user (`requiresAuthentication`) for a dashboard. Depends on the pointer model: with owner ACLs (the default) the same CLP change leaks nothing.',
    exploit: 'GET /parse/classes/Document with any session lists everyone\'s documents (a get by id is still refused).',
    caughtBy: 'objects',
    model: 'pointer',
    checks: ['objects/list'],
  },
  {
    id: 'summary-master-key',
    cwe: ['CWE-639', 'CWE-862'],
    description:
      'The Cloud function behind the home page\'s dossier summaries (`dossierSummary`, a read sent as POST with the dossier id in its body) was written for the agents\' back office and reads with the master key (`useMasterKey: true`); reused for usagers, it never asks whether the caller may read that dossier. ACLs are never consulted for the master key.',
    exploit: 'POST /parse/functions/dossierSummary {"dossierId": <another usager\'s dossier>} with any session: the holder and every document\'s title.',
    caughtBy: 'substitution',
    model: 'acl',
    checks: ['discovery/metadata', 'substitution/metadata'],
    footprint: { routes: ['/parse/functions/dossierSummary'], checks: READS },
  },
  {
    id: 'file-url-token',
    cwe: ['CWE-598', 'CWE-200'],
    description:
      'Parse takes the session for a file download only from the X-Parse-Session-Token header, so an `<img src>` or a download link cannot carry it; the team added a middleware in front of /parse/files that lifts `?access_token=` into that header. The session token now travels in URLs: logs, proxies, history and Referer headers.',
    exploit: 'GET /parse/files/{appId}/{fileName}?access_token={a session token read in a log}, without any header.',
    caughtBy: 'tokens',
    model: 'acl',
    checks: ['tokens/url-token'],
    footprint: { routes: [FILE_ROUTE], checks: ['tokens/url-token'] },
  },
] as const satisfies readonly ParseFlaw[];

export type ParseFlawId = (typeof PARSE_FLAWS)[number]['id'];

export const PARSE_FLAW_IDS: readonly ParseFlawId[] = PARSE_FLAWS.map((flaw) => flaw.id);

export function isParseFlawId(value: string): value is ParseFlawId {
  return (PARSE_FLAW_IDS as readonly string[]).includes(value);
}

/** Parses a comma-separated list; an unknown id stops the start-up, naming it. */
export function parseParseFlaws(raw: string | undefined): ReadonlySet<ParseFlawId> {
  const ids = (raw ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !isParseFlawId(id));
  if (unknown.length > 0) throw new Error(`PARSE_FLAWS: unknown flaw ${unknown.join(', ')} (known: ${PARSE_FLAW_IDS.join(', ')})`);
  return new Set(ids.filter(isParseFlawId));
}

/**
 * The access model of a deployment with these flaws: `pointer` when a flaw needs it (or
 * PARSE_ACCESS_MODEL says so), else `acl`. Two flaws needing different models cannot be combined.
 */
export function accessModelOf(flaws: ReadonlySet<ParseFlawId>, requested?: string): AccessModel {
  if (requested !== undefined && requested !== '' && requested !== 'acl' && requested !== 'pointer') throw new Error(`PARSE_ACCESS_MODEL: expected acl or pointer, got "${requested}"`);
  const needed = new Set(PARSE_FLAWS.filter((flaw) => flaws.has(flaw.id)).map((flaw): AccessModel => flaw.model));
  if (requested === 'acl' || requested === 'pointer') needed.add(requested);
  if (needed.size > 1) throw new Error(`PARSE_FLAWS: ${[...flaws].join(', ')} need different access models (acl and pointer); switch them on one at a time`);
  return [...needed][0] ?? 'acl';
}
