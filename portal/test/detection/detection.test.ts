import { expect, test as base } from '@playwright/test';
import type { Finding } from '../../../src/findings/types';
import { probeContext } from '../../../src/checks/probe-context';
import { whoamiTarget } from '../../../src/checks/sessions/personal';
import { MATRIX_TARGETS } from '../../../scripts/matrix-targets';
import { FLAWS, type FlawId } from '../../src/flaws/catalog';
import { PROBES, type ProbeName, type Scope } from './probes';
import { detectionTarget, SHORT_SHARE_TTL_SECONDS, type DetectionTarget } from './target';

/**
 * Fast detection tests: each check family's own code, run against the reference portal in this
 * process, once secure (the family stays silent) and once per catalog flaw with only that flaw on
 * (every check its catalog entry names fires). The flaw matrix proves the same through the whole
 * suite in minutes per row; these prove it in seconds, in `npm test`.
 */
const DETECTIONS: Record<FlawId, readonly ProbeName[]> = {
  'download-idor': ['objects: pièce routes'],
  'view-idor': ['objects: pièce routes'],
  'dossier-idor': ['objects: dossier routes'],
  'list-filter': ['objects: own lists and search'],
  'anonymous-download': ['objects: pièce routes'],
  'preview-idor': ['objects: pièce routes'],
  'search-leak': ['objects: own lists and search'],
  'export-leak': ['objects: dossier routes'],
  'path-traversal': ['objects: pièce routes'],
  'error-page-leak': ['objects: pièce routes'],
  'excessive-data': ['objects: dossier routes'],
  'legacy-endpoint': ['discovery: replay'],
  'method-override': ['objects: pièce routes'],
  'signed-link-unbound': ['sessions: share links'],
  'upload-into-other': ['writes: write side'],
  'delete-idor': ['writes: write side'],
  'overwrite-idor': ['writes: write side'],
  'mass-assignment': ['writes: write side'],
  'storage-key-update': ['writes: protected fields'],
  'agent-cross-tenant': ['roles: back office'],
  'usager-to-agent': ['roles: back office'],
  'representative-overreach': ['roles: representatives and tenants'],
  'logout-noop': ['sessions: logout', 'sessions: share links'],
  'session-fixation': ['sessions: fixation'],
  'cookie-flags': ['sessions: cookie flags'],
  'document-cacheable': ['sessions: no-store', 'sessions: back button'],
  'shared-cache': ['concurrency: sessions at once'],
  'request-state-race': ['concurrency: sessions at once'],
  'recap-query-scope': ['substitution: identity'],
  'delegation-header': ['substitution: identity'],
  'file-by-name': ['nesting: several ids'],
  'page-unscoped': ['pages: list over-fetch'],
  'export-v1-sibling': ['paths: spellings'],
  'access-token-query': ['tokens: tampering'],
  'thumbnail-cache': ['objects: pièce routes'],
  'jwt-unverified': ['tokens: tampering'],
  'numeric-id-coercion': ['objects: pièce routes', 'discovery: replay'],
  'export-registered-twice': ['objects: dossier routes', 'discovery: replay'],
  'duplicate-identities': ['objects: own lists and search', 'concurrency: sessions at once', 'pages: list over-fetch', 'sessions: no-store'],
  'espace-cookie-trusted': ['substitution: identity'],
  'synthese-body-idor': ['discovery: replay', 'substitution: identity'],
  'password-change-keeps-sessions': ['lifecycle: password change'],
  'refresh-token-reusable': ['lifecycle: refresh reuse'],
  'disable-keeps-sessions': ['lifecycle: disable'],
  'revoke-keeps-sessions': ['lifecycle: role revoke'],
};

type CatalogFlaw = (typeof FLAWS)[number];

/** Where a flaw's findings can appear (its catalog footprint), or undefined for anywhere. */
function footprintOf(flaw: CatalogFlaw): ReadonlySet<string> | undefined {
  const routes: readonly string[] = 'footprint' in flaw ? flaw.footprint.routes : ['*'];
  return routes.includes('*') ? undefined : new Set(routes);
}

/** A flaw's detection probes its footprint's routes for its own checks. */
const flawScope = (flaw: CatalogFlaw): Scope => ({ routes: footprintOf(flaw), checks: new Set(flaw.checks) });

/** A silent run probes everything the probe's flaws are caught on: each route and check proven to fire is proven silent. */
function silentScope(name: ProbeName): Scope {
  const flaws = FLAWS.filter((flaw) => DETECTIONS[flaw.id].includes(name));
  const footprints = flaws.map(footprintOf);
  return {
    routes: footprints.some((routes) => routes === undefined) ? undefined : new Set(footprints.flatMap((routes) => [...(routes ?? [])])),
    checks: new Set(flaws.flatMap((flaw) => flaw.checks)),
  };
}

/** A link lifetime short enough to wait out in a test (the profile's is 5 s); only where expiry is probed, so no other link dies mid-check. */
const shareTtlSeconds = (scope: Scope): number | undefined => (scope.checks.has('sessions/share-expiry') ? SHORT_SHARE_TTL_SECONDS : undefined);

const listed = (findings: Finding[]): string => findings.map((finding) => `[${finding.check} ${finding.verdict}] ${finding.title}`).join('\n');

/**
 * Families that only read through the identities' saved sessions (no login, logout, share or
 * write of their own): as in the suite, whose identity pool is worker-scoped, their silent runs
 * share one secure portal and its identities (API and browser contexts) in one worker, in turn.
 */
const READ_ONLY: ReadonlySet<ProbeName> = new Set([
  'objects: pièce routes',
  'objects: dossier routes',
  'objects: own lists and search',
  'discovery: replay',
  'roles: back office',
  'roles: representatives and tenants',
  'concurrency: sessions at once',
  'substitution: identity',
  'nesting: several ids',
  'pages: list over-fetch',
  'paths: spellings',
]);

const test = base.extend<object, { securePortal: DetectionTarget }>({
  securePortal: [
    async ({}, use) => {
      const target = await detectionTarget([], { keepIdentities: true });
      try {
        await use(target);
      } finally {
        await target.close();
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

// The first test of a worker also seeds the population (scrypt-hashed passwords): slow on a loaded machine.
test.describe.configure({ mode: 'parallel', timeout: 180_000 });

test.describe('read-only families, one secure portal', () => {
  test.describe.configure({ mode: 'default' });
  for (const name of [...READ_ONLY]) {
    test(`${name}: silent on the secure portal`, async ({ browser, securePortal }) => {
      const findings = await securePortal.probe(browser, (context) => PROBES[name](context, silentScope(name)));
      expect(findings, listed(findings)).toEqual([]);
    });
  }
});

for (const name of (Object.keys(PROBES) as ProbeName[]).filter((probe) => !READ_ONLY.has(probe))) {
  test(`${name}: silent on the secure portal`, async ({ browser }) => {
    const scope = silentScope(name);
    const target = await detectionTarget([], { shareTtlSeconds: shareTtlSeconds(scope) });
    try {
      const findings = await target.probe(browser, (context) => PROBES[name](context, scope));
      expect(findings, listed(findings)).toEqual([]);
    } finally {
      await target.close();
    }
  });
}

for (const flaw of FLAWS) {
  const probes = DETECTIONS[flaw.id];

  test(`${flaw.id}: ${probes.join(', ')} fire ${flaw.checks.join(', ')}`, async ({ browser }) => {
    const scope = flawScope(flaw);
    const target = await detectionTarget([flaw.id], { shareTtlSeconds: shareTtlSeconds(scope) });
    let failure: unknown;
    let findings: Finding[] = [];
    try {
      findings = await target.probe(browser, async (context) => {
        for (const probe of probes) await PROBES[probe](context, scope);
      });
    } catch (error) {
      // A flaw may break what a later probe relies on (a deleted pièce): the test the suite runs
      // fails there too. What counts is that every named check fired before.
      failure = error;
    } finally {
      await target.close();
    }
    const fired = new Set(findings.map((finding) => finding.check));
    expect(flaw.checks.filter((check) => !fired.has(check)), `${listed(findings)}${failure === undefined ? '' : `\nthe probes stopped: ${failure instanceof Error ? failure.message : 'see the error'}`}`).toEqual([]);
  });
}

// A flaw of another family must not read as a session outliving its account: a public download
// route answers a dead session as it answers anyone, and a session id kept across a password change
// (fixation) is the acting session, which a portal may keep.
for (const flaw of ['anonymous-download', 'session-fixation'] as const) {
  test(`lifecycle checks stay silent on ${flaw}, which another family catches`, async ({ browser }) => {
    const target = await detectionTarget([flaw], {});
    try {
      const findings = await target.probe(browser, async (context) => {
        for (const probe of ['lifecycle: password change', 'lifecycle: disable', 'lifecycle: role revoke'] as const) await PROBES[probe](context, silentScope(probe));
      });
      expect(findings, listed(findings)).toEqual([]);
    } finally {
      await target.close();
    }
  });
}

// A cache keyed on the URL alone answers a spare's positive control with whoever asked just before
// (here, a usager reading its whoami): the control asks the portal itself (a nonce) instead of
// failing the check. The other person's data the spare received is a leak, judged by the oracle.
test('lifecycle checks reach their verdict behind a cache keyed on the URL (shared-cache)', async ({ browser }) => {
  const target = await detectionTarget(['shared-cache'], {});
  try {
    const findings = await target.probe(browser, async (context) => {
      const [usager] = context.run.usagers();
      if (!usager) throw new Error('the matrix population has no usager');
      const whoami = whoamiTarget(context.run, usager.key);
      const identity = await context.pool.get(usager.key);
      for (const probe of ['lifecycle: password change', 'lifecycle: disable', 'lifecycle: role revoke'] as const) {
        await identity.request(probeContext(context.run, { check: 'cache-primer', routeTemplate: `GET ${whoami.route.path}`, vector: 'own', channel: 'api' }, { requesterKey: usager.key, victimKey: usager.key }), { method: 'GET', url: whoami.url });
        await PROBES[probe](context, silentScope(probe));
      }
    });
    expect(findings.filter((finding) => finding.verdict !== 'leak'), listed(findings)).toEqual([]);
  } finally {
    await target.close();
  }
});

test('every check a flaw catalog names has a fast detection test', async () => {
  const detected = new Set<string>(FLAWS.filter((flaw) => DETECTIONS[flaw.id].length > 0).flatMap((flaw) => flaw.checks));
  const catalogs = await Promise.all(MATRIX_TARGETS.map(async (target) => (await target.flaws()).map((flaw) => ({ ...flaw, target: target.name }))));
  const undetected = catalogs.flat().flatMap((flaw) => flaw.checks.filter((check) => !detected.has(check)).map((check) => `${flaw.target} ${flaw.id}: ${check}`));
  expect(undetected, 'add a detection of the reference portal that fires these checks').toEqual([]);
});
