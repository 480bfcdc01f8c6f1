/**
 * The flaw catalog: every real-world flaw the reference portal can switch on, one by one.
 * Each entry names the check family of cloison that must catch it; the flaw matrix reads this
 * list, so a flaw added here is measured on the next run.
 */
export type FlawFamily = 'read' | 'write' | 'roles' | 'sessions';

/** The harness family expected to catch a flaw (see tests/ folders). */
export type CatchingFamily = 'objects' | 'discovery' | 'writes' | 'roles' | 'sessions' | 'concurrency' | 'substitution' | 'nesting' | 'pages' | 'paths' | 'tokens';

export interface Flaw {
  id: string;
  family: FlawFamily;
  cwe: string[];
  references: string[];
  description: string;
  exploit: string;
  caughtBy: CatchingFamily;
  /**
   * The checks (`<family>/<check>` as in findings.json) that must each fire when this flaw is on;
   * the flaw matrix fails the row when one of them did not.
   */
  checks: readonly string[];
  /**
   * Where its findings can appear, for the flaw matrix to run it in one scan with flaws whose
   * footprints are disjoint (src/gate/footprint.ts): the route templates it opens (`*`: any) and
   * the check families or checks that can fire there. Without it the flaw always runs alone.
   */
  footprint?: { routes: readonly string[]; checks: readonly string[] };
}

/** The families that probe reads: any of them can see a route that hands out others' documents. */
const READS = ['objects', 'roles', 'discovery', 'paths', 'substitution', 'concurrency', 'nesting', 'pages'] as const;
/** Writes whose effect shows in what others read (a pièce put into or rewritten in another dossier). */
const WRITES_SEEN = ['writes', ...READS] as const;

export const FLAWS = [
  {
    id: 'download-idor',
    family: 'read',
    cwe: ['CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04', 'ASVS 4.0.3 V4.2.1'],
    description: 'The content download route loads the pièce by id and never checks who asks.',
    exploit: 'GET /api/v2/pieces/{id}/contenu with any signed-in session and another usager\'s pièce id.',
    caughtBy: 'objects',
    checks: ['objects/download'],
    footprint: { routes: ['/api/v2/pieces/{pieceId}/contenu'], checks: READS },
  },
  {
    id: 'view-idor',
    family: 'read',
    cwe: ['CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04'],
    description: 'The pièce detail page renders any pièce by id.',
    exploit: 'Open /pieces/{id} with another usager\'s pièce id.',
    caughtBy: 'objects',
    checks: ['objects/view'],
    footprint: { routes: ['/pieces/{pieceId}'], checks: READS },
  },
  {
    id: 'dossier-idor',
    family: 'read',
    cwe: ['CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04'],
    description: 'Dossier page and dossier API answer for any dossier id, with its list of pièces.',
    exploit: 'GET /api/v2/dossiers/{id}/pieces or open /dossiers/{id} with another usager\'s dossier id.',
    caughtBy: 'objects',
    checks: ['objects/list', 'objects/metadata', 'objects/view'],
    footprint: { routes: ['/api/v2/dossiers/{dossierId}', '/api/v2/dossiers/{dossierId}/pieces', '/dossiers/{dossierId}'], checks: READS },
  },
  {
    id: 'list-filter',
    family: 'read',
    cwe: ['CWE-639', 'CWE-863'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04'],
    description: 'The pièce list obeys a client-supplied dossierId or usagerId filter instead of narrowing to the caller\'s own dossiers.',
    exploit: 'GET /api/v2/pieces?dossierId={another dossier} (or ?usagerId=).',
    caughtBy: 'objects',
    checks: ['objects/list'],
    footprint: { routes: ['/api/v2/pieces'], checks: READS },
  },
  {
    id: 'anonymous-download',
    family: 'read',
    cwe: ['CWE-862', 'CWE-306'],
    references: ['OWASP API2:2023', 'WSTG-ATHZ-02'],
    description: 'The download route was added to the public-route list; with no session the owner check is skipped.',
    exploit: 'GET /api/v2/pieces/{id}/contenu without any cookie.',
    caughtBy: 'objects',
    checks: ['objects/download'],
    footprint: { routes: ['/api/v2/pieces/{pieceId}/contenu'], checks: [...READS, 'sessions/logout', 'tokens'] },
  },
  {
    id: 'preview-idor',
    family: 'read',
    cwe: ['CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04'],
    description: 'The preview (thumbnail) route, served by another code path than the download, checks nothing.',
    exploit: 'GET /api/v2/pieces/{id}/apercu with another usager\'s pièce id.',
    caughtBy: 'objects',
    checks: ['objects/preview'],
    footprint: { routes: ['/api/v2/pieces/{pieceId}/apercu'], checks: READS },
  },
  {
    id: 'search-leak',
    family: 'read',
    cwe: ['CWE-200', 'CWE-863'],
    references: ['OWASP API3:2023', 'WSTG-ATHZ-02'],
    description: 'Search matches titles across every usager of the MDPH instead of the caller\'s pièces.',
    exploit: 'GET /api/v2/recherche?q=certificat as any usager.',
    caughtBy: 'objects',
    checks: ['objects/search'],
    footprint: { routes: ['/api/v2/recherche'], checks: [...READS, 'sessions/no-store'] },
  },
  {
    id: 'export-leak',
    family: 'read',
    cwe: ['CWE-200', 'CWE-639'],
    references: ['OWASP API3:2023', 'WSTG-ATHZ-04'],
    description: 'The ZIP export of my dossier selects pièces by MDPH instead of by dossier, so it holds other usagers\' files.',
    exploit: 'GET /api/v2/dossiers/{my dossier}/export and read the ZIP entries.',
    caughtBy: 'objects',
    checks: ['objects/export'],
    footprint: { routes: ['/api/v2/dossiers/{dossierId}/export', '/espace'], checks: [...READS, 'sessions/no-store'] },
  },
  {
    id: 'path-traversal',
    family: 'read',
    cwe: ['CWE-22', 'CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-01'],
    description: 'As in the 2018 national beta: the route checks that I own the dossier in the URL, then serves path.join(uploads, dossierId, fileName) with the file name from the URL.',
    exploit: 'GET /dossiers/{my dossier}/fichiers/..%2F{other dossier}%2F{stored name}.',
    caughtBy: 'objects',
    checks: ['objects/download'],
    footprint: { routes: ['/dossiers/{dossierId}/fichiers/{storedName}'], checks: READS },
  },
  {
    id: 'error-page-leak',
    family: 'read',
    cwe: ['CWE-209', 'CWE-200'],
    references: ['WSTG-ERRH-01', 'OWASP API3:2023'],
    description: 'The refusal page for a pièce detail names the pièce it refuses (titre and file name).',
    exploit: 'Open /pieces/{another usager\'s id}: a 403 page that says which document was refused.',
    caughtBy: 'objects',
    checks: ['objects/view'],
    footprint: { routes: ['/pieces/{pieceId}'], checks: READS },
  },
  {
    id: 'excessive-data',
    family: 'read',
    cwe: ['CWE-213', 'CWE-359'],
    references: ['OWASP API3:2023', 'ASVS 4.0.3 V8.3.1'],
    description: 'The dossier API answer embeds "other dossiers of the same MDPH" with their usagers\' identity, for the front-end to filter.',
    exploit: 'GET /api/v2/dossiers/{my dossier} and read autresDossiers.',
    caughtBy: 'objects',
    checks: ['objects/metadata'],
    footprint: { routes: ['/api/v2/dossiers/{dossierId}'], checks: [...READS, 'sessions/no-store'] },
  },
  {
    id: 'legacy-endpoint',
    family: 'read',
    cwe: ['CWE-1059', 'CWE-862'],
    references: ['OWASP API9:2023', 'WSTG-CONF-05'],
    description: 'The v1 download endpoint, still referenced by the front-end script, checks nothing.',
    exploit: 'GET /api/v1/pieces/{id}/download with any session.',
    caughtBy: 'discovery',
    checks: ['discovery/download'],
    footprint: { routes: ['/api/v1/pieces/{pieceId}/download'], checks: READS },
  },
  {
    id: 'method-override',
    family: 'read',
    cwe: ['CWE-650', 'CWE-863'],
    references: ['WSTG-INPV-03', 'OWASP API5:2023'],
    description: 'The owner check of the download guards GET only; HEAD and POST with a method-override header or _method parameter get through.',
    exploit: 'HEAD /api/v2/pieces/{id}/contenu, or POST with X-HTTP-Method-Override: GET.',
    caughtBy: 'objects',
    checks: ['objects/download'],
    footprint: { routes: ['/api/v2/pieces/{pieceId}/contenu'], checks: READS },
  },
  {
    id: 'signed-link-unbound',
    family: 'read',
    cwe: ['CWE-613', 'CWE-639'],
    references: ['WSTG-SESS-07', 'ASVS 4.0.3 V3.5.2'],
    description: 'Share links work for anyone, never expire and survive the owner\'s logout and revocation.',
    exploit: 'Open /partage/{token} of another usager\'s link anonymously, or after its owner logged out.',
    caughtBy: 'sessions',
    checks: ['sessions/share-audience', 'sessions/share-expiry', 'sessions/share-logout', 'sessions/share-revoke'],
    footprint: { routes: ['/partage/{shareToken}'], checks: [...READS, 'sessions/share-audience', 'sessions/share-expiry', 'sessions/share-logout', 'sessions/share-revoke'] },
  },
  {
    id: 'upload-into-other',
    family: 'write',
    cwe: ['CWE-639', 'CWE-862'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-02'],
    description: 'Upload accepts any dossier id in the URL.',
    exploit: 'POST /api/v2/dossiers/{another dossier}/pieces.',
    caughtBy: 'writes',
    checks: ['writes/upload'],
    footprint: { routes: ['*'], checks: WRITES_SEEN },
  },
  {
    id: 'delete-idor',
    family: 'write',
    cwe: ['CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04'],
    description: 'Delete removes any pièce by id: data loss for its owner.',
    exploit: 'DELETE /api/v2/pieces/{another usager\'s id}.',
    caughtBy: 'writes',
    checks: ['writes/data-loss', 'writes/delete'],
    footprint: { routes: ['*'], checks: ['writes'] },
  },
  {
    id: 'overwrite-idor',
    family: 'write',
    cwe: ['CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04'],
    description: 'Rename and replace-content accept any pièce id.',
    exploit: 'PATCH /api/v2/pieces/{id} or PUT /api/v2/pieces/{id}/contenu on another usager\'s pièce.',
    caughtBy: 'writes',
    checks: ['writes/overwrite', 'writes/rename'],
    footprint: { routes: ['*'], checks: WRITES_SEEN },
  },
  {
    id: 'mass-assignment',
    family: 'write',
    cwe: ['CWE-915'],
    references: ['OWASP API3:2023', 'ASVS 4.0.3 V5.1.2'],
    description: 'The upload copies every body field onto the new row, so a dossierId in the body wins over the URL.',
    exploit: 'POST /api/v2/dossiers/{my dossier}/pieces with a dossierId field naming another dossier.',
    caughtBy: 'writes',
    checks: ['writes/mass-assignment'],
    footprint: { routes: ['*'], checks: WRITES_SEEN },
  },
  {
    id: 'agent-cross-tenant',
    family: 'roles',
    cwe: ['CWE-863', 'CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-02'],
    description: 'The agent dossier view checks the role but not the MDPH.',
    exploit: 'GET /api/v2/agent/dossiers/{a dossier of another MDPH} as an agent.',
    caughtBy: 'roles',
    checks: ['roles/view'],
    footprint: { routes: ['/api/v2/agent/dossiers/{dossierId}', '/agent/dossiers/{dossierId}'], checks: READS },
  },
  {
    id: 'usager-to-agent',
    family: 'roles',
    cwe: ['CWE-285', 'CWE-269'],
    references: ['OWASP API5:2023', 'WSTG-ATHZ-03'],
    description: 'The agent back office (API and pages) checks the session but not the role.',
    exploit: 'GET /api/v2/agent/dossiers as a usager.',
    caughtBy: 'roles',
    checks: ['roles/list', 'roles/view'],
    footprint: { routes: ['/api/v2/agent/dossiers', '/api/v2/agent/dossiers/{dossierId}', '/agent', '/agent/dossiers/{dossierId}'], checks: READS },
  },
  {
    id: 'representative-overreach',
    family: 'roles',
    cwe: ['CWE-863'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-02'],
    description: 'A representative is allowed any dossier of the represented usager\'s MDPH, not only that usager\'s.',
    exploit: 'GET /api/v2/dossiers/{another usager\'s dossier of the same MDPH} as a representative.',
    caughtBy: 'roles',
    checks: ['roles/download', 'roles/export', 'roles/list', 'roles/metadata', 'roles/preview', 'roles/view'],
    footprint: { routes: ['*'], checks: WRITES_SEEN },
  },
  {
    id: 'logout-noop',
    family: 'sessions',
    cwe: ['CWE-613'],
    references: ['WSTG-SESS-06', 'ASVS 4.0.3 V3.3.1'],
    description: 'Logout clears the cookie in the browser but keeps the session alive on the server.',
    exploit: 'Replay the sid cookie captured before logout.',
    caughtBy: 'sessions',
    checks: ['sessions/logout', 'sessions/share-logout'],
    footprint: { routes: ['*'], checks: ['sessions/logout', 'sessions/share-logout'] },
  },
  {
    id: 'session-fixation',
    family: 'sessions',
    cwe: ['CWE-384'],
    references: ['WSTG-SESS-03', 'ASVS 4.0.3 V3.2.1'],
    description: 'Login keeps the pre-login session id instead of issuing a new one.',
    exploit: 'Plant a sid before login; it is authenticated after.',
    caughtBy: 'sessions',
    checks: ['sessions/fixation'],
    footprint: { routes: ['*'], checks: ['sessions/fixation'] },
  },
  {
    id: 'cookie-flags',
    family: 'sessions',
    cwe: ['CWE-1004', 'CWE-1275', 'CWE-614'],
    references: ['WSTG-SESS-02', 'ASVS 4.0.3 V3.4.2'],
    description: 'The session cookie is set without HttpOnly and without SameSite.',
    exploit: 'document.cookie reads the sid; cross-site requests carry it.',
    caughtBy: 'sessions',
    checks: ['sessions/cookie-flags'],
    footprint: { routes: ['*'], checks: ['sessions/cookie-flags'] },
  },
  {
    id: 'document-cacheable',
    family: 'sessions',
    cwe: ['CWE-525', 'CWE-524'],
    references: ['WSTG-ATHN-06', 'ASVS 4.0.3 V8.2.1'],
    description: 'Documents and dossier pages are sent with Cache-Control: public, max-age=3600.',
    exploit: 'On a shared computer, Back after logout shows the cached dossier.',
    caughtBy: 'sessions',
    checks: ['sessions/back-button', 'sessions/no-store'],
    footprint: { routes: ['*'], checks: ['sessions/back-button', 'sessions/no-store'] },
  },
  {
    id: 'shared-cache',
    family: 'sessions',
    cwe: ['CWE-524', 'CWE-488'],
    references: ['WSTG-ATHN-06', 'ASVS 4.0.3 V8.1.1'],
    description: 'A response cache keyed on the URL only (a misconfigured reverse proxy) serves one user\'s answer to the next.',
    exploit: 'Two users GET /api/v2/moi or /espace one after the other; the second sees the first.',
    caughtBy: 'concurrency',
    checks: ['concurrency/list', 'concurrency/view'],
    footprint: { routes: ['*'], checks: ['*'] },
  },
  {
    id: 'request-state-race',
    family: 'sessions',
    cwe: ['CWE-488', 'CWE-362'],
    references: ['ASVS 4.0.3 V1.11.3', 'WSTG-BUSL-09'],
    description: 'The current user is kept in module state across an await, so concurrent requests answer with each other\'s data.',
    exploit: 'Many users GET /api/v2/pieces at once.',
    caughtBy: 'concurrency',
    checks: ['concurrency/list'],
    footprint: { routes: ['/api/v2/pieces'], checks: READS },
  },
  {
    id: 'recap-query-scope',
    family: 'read',
    cwe: ['CWE-639', 'CWE-566'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04', 'CNIL guide sheet 18'],
    description: 'The summary of the espace takes whom it is about from `?usagerId=` and believes it; the checked delegation header is ignored when the query names someone.',
    exploit: 'GET /api/v2/recapitulatif?usagerId={another usager} with one\'s own X-Usager-Id header.',
    caughtBy: 'substitution',
    checks: ['substitution/metadata'],
    footprint: { routes: ['/api/v2/recapitulatif'], checks: READS },
  },
  {
    id: 'delegation-header',
    family: 'read',
    cwe: ['CWE-639', 'CWE-290'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04'],
    description: 'The delegation header meant for representatives (X-Usager-Id) is taken as proof of the delegation: any session naming any usager reads that usager\'s summary.',
    exploit: 'GET /api/v2/recapitulatif with X-Usager-Id: {another usager}.',
    caughtBy: 'substitution',
    checks: ['substitution/metadata'],
    footprint: { routes: ['/api/v2/recapitulatif'], checks: READS },
  },
  {
    id: 'file-by-name',
    family: 'read',
    cwe: ['CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04'],
    description: 'As in the 2018 national beta: the dossier in the URL is checked, then the file is looked up by its stored name alone, in any dossier.',
    exploit: 'GET /dossiers/{my dossier}/fichiers/{another dossier\'s stored name}.',
    caughtBy: 'nesting',
    checks: ['nesting/download'],
    footprint: { routes: ['/dossiers/{dossierId}/fichiers/{storedName}'], checks: READS },
  },
  {
    id: 'page-unscoped',
    family: 'read',
    cwe: ['CWE-639', 'CWE-863'],
    references: ['OWASP API1:2023', 'OWASP API3:2023', 'WSTG-ATHZ-02'],
    description: 'The pièce list is scoped to the caller on page 1 only; later pages come from the back office\'s paginator over the whole table.',
    exploit: 'GET /api/v2/pieces?page=2&limit=1.',
    caughtBy: 'pages',
    checks: ['pages/list'],
    footprint: { routes: ['/api/v2/pieces'], checks: READS },
  },
  {
    id: 'export-v1-sibling',
    family: 'read',
    cwe: ['CWE-1059', 'CWE-862'],
    references: ['OWASP API9:2023', 'WSTG-CONF-05', 'WSTG-ATHZ-02'],
    description: 'As in the 2018 national beta\'s bulk export: the ZIP export was first registered for v1 with no check, and again behind the owner check for v2; nothing links to v1, it still answers.',
    exploit: 'GET /api/v1/dossiers/{any dossier}/export, next to the checked /api/v2/…/export.',
    caughtBy: 'paths',
    checks: ['paths/export'],
    footprint: { routes: ['/api/v1/dossiers/{dossierId}/export', '/api/v2/dossiers/{dossierId}/export'], checks: READS },
  },
  {
    id: 'access-token-query',
    family: 'sessions',
    cwe: ['CWE-598', 'CWE-200'],
    references: ['WSTG-SESS-04', 'ASVS 4.0.3 V3.1.1'],
    description: 'As in the 2018 national beta: the session id is also accepted from `?access_token=`, so it ends up in logs, proxy caches, history and Referer headers.',
    exploit: 'GET /api/v2/moi?access_token={session id} without any cookie.',
    caughtBy: 'tokens',
    checks: ['tokens/url-token'],
    footprint: { routes: ['*'], checks: ['tokens/url-token'] },
  },
  {
    id: 'thumbnail-cache',
    family: 'read',
    cwe: ['CWE-524', 'CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04', 'ASVS 4.0.3 V8.1.1'],
    description: 'Previews are re-rendered (PNG re-encoded, a card for PDFs) and cached by pièce id; the cache is read before the owner check, so after the owner looked at a preview anyone gets it. Its bytes are not the original\'s: only its text betrays it.',
    exploit: 'GET /api/v2/pieces/{id}/apercu of a pièce its owner has previewed.',
    caughtBy: 'objects',
    checks: ['objects/preview'],
    footprint: { routes: ['/api/v2/pieces/{pieceId}/apercu'], checks: READS },
  },
  {
    id: 'jwt-unverified',
    family: 'sessions',
    cwe: ['CWE-347', 'CWE-287'],
    references: ['WSTG-SESS-10', 'ASVS 4.0.3 V3.5.3', 'OWASP API2:2023'],
    description: 'The API token (a JWT for the person\'s programs) is decoded and never verified: an unsigned token (alg none) or one whose subject was edited is believed.',
    exploit: 'Take one\'s own token from POST /api/v2/jetons, set sub to another usager\'s id, keep or drop the signature, GET /api/v2/moi with it.',
    caughtBy: 'tokens',
    checks: ['tokens/jwt-alg-none', 'tokens/jwt-signature', 'tokens/jwt-weak-secret'],
    footprint: { routes: ['*'], checks: ['tokens/jwt-alg-none', 'tokens/jwt-expired', 'tokens/jwt-signature', 'tokens/jwt-weak-secret'] },
  },
  {
    id: 'numeric-id-coercion',
    family: 'read',
    cwe: ['CWE-1287', 'CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04', 'WSTG-INPV-00'],
    description: 'The download takes ids spelled the old clients\' way; its owner check only guards an id written as the number\'s own spelling (a string comparison), while the lookup reads it with Number(), which takes 042 for 42.',
    exploit: 'GET /api/v2/pieces/0{another usager\'s id}/contenu.',
    caughtBy: 'objects',
    checks: ['discovery/download', 'objects/download'],
    footprint: { routes: ['/api/v2/pieces/{pieceId}/contenu'], checks: READS },
  },
  {
    id: 'export-registered-twice',
    family: 'read',
    cwe: ['CWE-862', 'CWE-1289'],
    references: ['OWASP API5:2023', 'WSTG-ATHZ-02', 'WSTG-CONF-05'],
    description: 'As in the 2018 national beta\'s bulk export: the ZIP export was registered twice, first with a trailing slash for the agents\' batch and no owner hook, then without it behind the owner check; the router keeps both.',
    exploit: 'GET /api/v2/dossiers/{any dossier}/export/ (with the trailing slash).',
    caughtBy: 'objects',
    checks: ['discovery/export', 'objects/export'],
    footprint: { routes: ['/api/v2/dossiers/{dossierId}/export'], checks: READS },
  },
  {
    id: 'duplicate-identities',
    family: 'read',
    cwe: ['CWE-359', 'CWE-213'],
    references: ['OWASP API3:2023', 'ASVS 4.0.3 V8.3.1', 'GDPR art. 5(1)(c)'],
    description: 'The dossier list warns of possible duplicate files by sending every other usager of the MDPH, name and birth date only, for the browser to compare: no e-mail, no NIR, no document, yet each record is a person.',
    exploit: 'GET /api/v2/dossiers and read doublonsPossibles.',
    caughtBy: 'objects',
    // Every check that reads the caller's own dossier list sees it.
    checks: ['concurrency/list', 'objects/list', 'pages/list', 'sessions/no-store'],
    footprint: { routes: ['/api/v2/dossiers'], checks: [...READS, 'sessions/no-store'] },
  },
  {
    id: 'espace-cookie-trusted',
    family: 'read',
    cwe: ['CWE-565', 'CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04', 'WSTG-SESS-01'],
    description: 'The espace cookie (whose espace the pages show, set by the portal itself) is read first and believed by the summary; the checked header and query are ignored when it is there.',
    exploit: 'GET /api/v2/recapitulatif with Cookie: espace={another usager} beside one\'s own session.',
    caughtBy: 'substitution',
    checks: ['substitution/metadata'],
    footprint: { routes: ['/api/v2/recapitulatif'], checks: READS },
  },
  {
    id: 'synthese-body-idor',
    family: 'read',
    cwe: ['CWE-639'],
    references: ['OWASP API1:2023', 'WSTG-ATHZ-04'],
    description: 'The dossier summary, a read sent as POST with the dossier in its body, checks the session but not that the dossier is the caller\'s: the owner check lives in the URL loader, and a body id never goes through it.',
    exploit: 'POST /api/v2/dossiers/synthese {"dossierId": <another usager\'s dossier>} with any signed-in session.',
    caughtBy: 'substitution',
    checks: ['discovery/metadata', 'substitution/metadata'],
    footprint: { routes: ['/api/v2/dossiers/synthese'], checks: READS },
  },
] as const satisfies readonly Flaw[];

export type FlawId = (typeof FLAWS)[number]['id'];

export const FLAW_IDS: readonly FlawId[] = FLAWS.map((flaw) => flaw.id);

export function isFlawId(value: string): value is FlawId {
  return (FLAW_IDS as readonly string[]).includes(value);
}

/** Parses PORTAL_FLAWS; an unknown id is a start-up error naming it and the valid ones. */
export function parseFlaws(raw: string | undefined): ReadonlySet<FlawId> {
  const ids = (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const unknown = ids.filter((id) => !isFlawId(id));
  if (unknown.length > 0) {
    throw new Error(`PORTAL_FLAWS: unknown flaw ${unknown.map((id) => `"${id}"`).join(', ')}. Known flaws: ${FLAW_IDS.join(', ')}.`);
  }
  return new Set(ids as FlawId[]);
}
