import { AttackCoverage } from '../../../src/attacks/coverage';
import { verifyListOverFetch } from '../../../src/attacks/pages';
import { verifyPathSpellings } from '../../../src/attacks/paths';
import { verifyNestedRoute, verifySubstitutionsOf } from '../../../src/attacks/substitution';
import { verifyTokenHandling } from '../../../src/attacks/tokens';
import { verifyActionEndsSessions, verifyRefreshSingleUse, type EndingAction } from '../../../src/attacks/lifecycle/account-actions';
import { SpareAccounts } from '../../../src/attacks/lifecycle/spare-account';
import { verifyParallelSessions, verifySequentialSessions } from '../../../src/checks/concurrency-load';
import { DEFAULT_BURST } from '../../../src/checks/concurrency-plan';
import { verifyNeighbourIds, verifyObjectRoute } from '../../../src/checks/object-access';
import { notRepresentedBy, otherTenants, ownTenant, representedBy } from '../../../src/checks/roles-plan';
import { verifyRoleObjectRoute, verifyRoleSelfRoute } from '../../../src/checks/roles-routes';
import { verifyScope } from '../../../src/checks/roles-scope';
import { verifySelfRoute } from '../../../src/checks/self-access';
import { verifyBackAfterLogoutShowsNothing } from '../../../src/checks/sessions/back-button';
import { verifySessionCookieFlags } from '../../../src/checks/sessions/cookie-flags';
import { verifyLoginRotatesSession, verifyLoginsGetDistinctSessions } from '../../../src/checks/sessions/fixation';
import { verifyLogoutEndsSession } from '../../../src/checks/sessions/logout';
import { verifyPersonalAnswerNotStored } from '../../../src/checks/sessions/no-store';
import { firstOfRole } from '../../../src/checks/sessions/roles';
import { verifyShareAudience, verifyShareDiesAtLogout, verifyShareExpiry, verifyShareRevocation } from '../../../src/checks/sessions/share-links';
import { ProbePieces } from '../../../src/checks/writes/probe-pieces';
import { verifyProtectedFields } from '../../../src/checks/writes/protected-side';
import { verifyWriteSide } from '../../../src/checks/writes/write-side';
import { CoverageLog } from '../../../src/discovery/coverage';
import { verifyReplaysOf } from '../../../src/discovery/replay';
import type { ObjectKind, RouteSpec } from '../../../src/profile/types';
import type { RunContext } from '../../../src/run/context';
import { placeholdersOf } from '../../../src/util/template';
import type { DetectionContext } from './target';

/**
 * The probes of each check family, as its spec in tests/<family>/ runs them, narrowed to what a
 * detection needs (one owner where the spec loops over all, one person of each role where it loops
 * over everyone). Each calls the family's own check code; only the loop over the profile's routes
 * and people is repeated here, within the detection's scope.
 */
export type ProbeName =
  | 'objects: pièce routes'
  | 'objects: dossier routes'
  | 'objects: own lists and search'
  | 'discovery: replay'
  | 'roles: back office'
  | 'roles: representatives and tenants'
  | 'sessions: share links'
  | 'sessions: logout'
  | 'sessions: fixation'
  | 'sessions: cookie flags'
  | 'sessions: no-store'
  | 'sessions: back button'
  | 'writes: write side'
  | 'writes: protected fields'
  | 'concurrency: sessions at once'
  | 'substitution: identity'
  | 'nesting: several ids'
  | 'pages: list over-fetch'
  | 'paths: spellings'
  | 'tokens: tampering'
  | 'lifecycle: password change'
  | 'lifecycle: disable'
  | 'lifecycle: role revoke'
  | 'lifecycle: refresh reuse';

/**
 * What one detection probes: the route templates where its flaws' findings can appear (the
 * catalog's footprint; undefined: every route) and the checks they must fire (a probe made of
 * independent checks runs only those). Silent runs take the union over the family's flaws, so
 * every route and check a flaw is caught on is also proven silent on the secure portal.
 */
export interface Scope {
  routes?: ReadonlySet<string>;
  checks: ReadonlySet<string>;
}

/** The routes of a probe inside the scope; none left would prove nothing, so that is an error. */
function inScope(routes: RouteSpec[], scope: Scope, probe: string): RouteSpec[] {
  const kept = scope.routes ? routes.filter((route) => scope.routes?.has(route.path)) : routes;
  if (kept.length === 0) throw new Error(`${probe}: none of ${routes.map((route) => route.path).join(', ')} is in the detection's scope (${[...(scope.routes ?? [])].join(', ')}): nothing to prove`);
  return kept;
}

const objectRoutes = (run: RunContext, kind: ObjectKind): RouteSpec[] => run.profile.routes.filter((route) => route.object === kind && !route.roles);
const firstUsager = (run: RunContext): string => {
  const key = run.usagers()[0]?.key;
  if (!key) throw new Error('the population has no usager');
  return key;
};
/** The first person of each role: a loop over everyone sees the same code paths with one of each. */
function onePerRole(run: RunContext): string[] {
  const roles = new Set<string>();
  return run.state.people.filter((person) => !roles.has(person.role) && roles.add(person.role)).map((person) => person.key);
}

/**
 * One route for each check (`<family>/<action>`), over HTTP where the scope has one: the check's
 * code is the same on every route, and a page costs a browser per identity.
 */
function onePerCheck(routes: RouteSpec[]): RouteSpec[] {
  const actions = new Set<string>();
  const apiFirst = [...routes].sort((a, b) => Number(a.channel !== 'api') - Number(b.channel !== 'api'));
  return apiFirst.filter((route) => !actions.has(route.action) && actions.add(route.action));
}

/** One route of each channel and object kind: the check judges each answer's own headers; the flaw matrix covers every route. */
function onePerKind(routes: RouteSpec[]): RouteSpec[] {
  const kinds = new Set<string>();
  return routes.filter((route) => !kinds.has(`${route.channel} ${route.object}`) && kinds.add(`${route.channel} ${route.object}`));
}

async function objectRoutesOf({ run, pool, ledger }: DetectionContext, kind: ObjectKind, scope: Scope): Promise<void> {
  for (const route of inScope(objectRoutes(run, kind), scope, `${kind} routes`)) {
    await verifyObjectRoute({ run, pool, ledger, route }, firstUsager(run));
    await verifyNeighbourIds({ run, pool, ledger, route });
  }
}

/** A lifecycle check as its spec runs it: its spares' sessions ended at the end, as the spareAccounts fixture does. */
async function lifecycle(context: DetectionContext, verify: (check: Parameters<typeof verifyRefreshSingleUse>[0]) => Promise<void>): Promise<void> {
  const spares = new SpareAccounts();
  try {
    await verify({ ...context, coverage: new AttackCoverage('lifecycle'), track: (spare) => spares.track(spare) });
  } finally {
    await spares.disposeAll();
  }
}
const endingAction = (action: EndingAction) => (context: DetectionContext) => lifecycle(context, (check) => verifyActionEndsSessions(check, action));

export const PROBES: Record<ProbeName, (context: DetectionContext, scope: Scope) => Promise<void>> = {
  'objects: pièce routes': (context, scope) => objectRoutesOf(context, 'piece', scope),
  'objects: dossier routes': (context, scope) => objectRoutesOf(context, 'dossier', scope),
  async 'objects: own lists and search'({ run, pool, ledger }, scope) {
    for (const route of inScope(run.profile.routes.filter((candidate) => candidate.object === 'self' && !candidate.roles), scope, 'own lists')) {
      for (const requester of [...onePerRole(run), undefined]) await verifySelfRoute({ run, pool, ledger, route }, requester);
    }
  },
  async 'discovery: replay'({ run, pool, ledger }) {
    // One owner's crawl: every other identity replays what it found.
    await verifyReplaysOf({ run, pool, ledger, coverage: new CoverageLog() }, firstUsager(run));
  },
  async 'roles: back office'({ run, pool, ledger }, scope) {
    for (const route of onePerCheck(inScope(run.profile.routes.filter((candidate) => candidate.roles !== undefined), scope, 'role routes'))) {
      if (route.object === 'self') {
        for (const requester of [...onePerRole(run), undefined]) await verifyRoleSelfRoute({ run, pool, ledger, route }, requester);
      } else {
        await verifyRoleObjectRoute({ run, pool, ledger, route }, firstUsager(run));
      }
    }
  },
  async 'roles: representatives and tenants'({ run, pool, ledger }, scope) {
    const routes = onePerCheck(inScope([...objectRoutes(run, 'dossier'), ...objectRoutes(run, 'piece')], scope, 'object routes'));
    for (const person of run.state.people) {
      if (person.role === 'representant') await verifyScope({ run, pool, ledger, routes }, { requesterKey: person.key, readable: representedBy(run.policy, person.key), victims: notRepresentedBy(run.policy, person.key) });
      if (person.role === 'agent') await verifyScope({ run, pool, ledger, routes }, { requesterKey: person.key, readable: ownTenant(run.policy, person.key), victims: otherTenants(run.policy, person.key) });
    }
  },
  async 'sessions: share links'(context, scope) {
    const owner = firstUsager(context.run);
    const checks = { 'sessions/share-audience': verifyShareAudience, 'sessions/share-expiry': verifyShareExpiry, 'sessions/share-revoke': verifyShareRevocation, 'sessions/share-logout': verifyShareDiesAtLogout };
    const chosen = Object.entries(checks).filter(([check]) => scope.checks.has(check));
    if (chosen.length === 0) throw new Error(`share links: none of ${Object.keys(checks).join(', ')} is in the detection's scope: nothing to prove`);
    for (const [, verify] of chosen) await verify(context, owner);
  },
  async 'sessions: logout'(context) {
    await verifyLogoutEndsSession(context, firstOfRole(context.run, 'usager'));
  },
  async 'sessions: fixation'(context) {
    await verifyLoginRotatesSession(context, firstOfRole(context.run, 'usager'));
    await verifyLoginsGetDistinctSessions(context, firstOfRole(context.run, 'usager'));
  },
  async 'sessions: cookie flags'(context) {
    await verifySessionCookieFlags(context, firstOfRole(context.run, 'usager'));
  },
  async 'sessions: no-store'(context, scope) {
    for (const route of onePerKind(inScope([...context.run.profile.routes], scope, 'personal answers'))) await verifyPersonalAnswerNotStored(context, route);
  },
  async 'sessions: back button'(context) {
    await verifyBackAfterLogoutShowsNothing(context, firstOfRole(context.run, 'usager'));
  },
  async 'writes: write side'({ run, pool, ledger }) {
    // As the suite's fixture does: whatever a failed step left is removed, and what cannot be is an error.
    const pieces = new ProbePieces();
    const probed = await verifyWriteSide({ run, pool, ledger, routes: [...(run.profile.writes ?? [])], pieces }, firstUsager(run)).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    const left = await pieces.removeAll();
    if (probed) throw probed;
    if (left.length > 0) throw new Error(`the write probes left pièces behind: ${left.join('; ')}`);
  },
  async 'writes: protected fields'({ run, pool, ledger }) {
    const pieces = new ProbePieces();
    const coverage = new AttackCoverage('writes');
    const probed = await verifyProtectedFields({ run, pool, ledger, routes: [...(run.profile.writes ?? [])], pieces, coverage }, firstUsager(run)).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    const left = await pieces.removeAll();
    if (probed) throw probed;
    if (left.length > 0) throw new Error(`the protected-field probes left pièces behind: ${left.join('; ')}`);
    const tried = coverage.report('detection').routes.filter((route) => route.probes > 0);
    if (tried.length === 0) throw new Error('the protected-field probes tried no field on any write route');
  },
  async 'concurrency: sessions at once'({ run, pool }) {
    // One burst of 32 in flight already interleaves every session's requests.
    await verifyParallelSessions({ run, pool }, { ...DEFAULT_BURST, rounds: 1 });
    await verifySequentialSessions({ run, pool });
  },
  async 'substitution: identity'({ run, pool, ledger }) {
    // One requester, who puts every other identity in its requests.
    await verifySubstitutionsOf({ run, pool, ledger, coverage: new AttackCoverage('substitution') }, firstUsager(run));
  },
  async 'nesting: several ids'({ run, pool, ledger }, scope) {
    const coverage = new AttackCoverage('nesting');
    const nested = [...objectRoutes(run, 'piece'), ...objectRoutes(run, 'dossier')].filter((route) => placeholdersOf(route.path.split('?')[0] ?? '').length >= 2);
    for (const route of inScope(nested, scope, 'nested routes')) for (const key of onePerRole(run)) await verifyNestedRoute({ run, pool, ledger, coverage }, route, key);
  },
  async 'pages: list over-fetch'({ run, pool, ledger }, scope) {
    const coverage = new AttackCoverage('pages');
    for (const route of inScope(run.profile.routes.filter((candidate) => (candidate.action === 'list' || candidate.action === 'search') && candidate.channel === 'api'), scope, 'lists')) {
      const roles = [...new Set(run.state.people.map((person) => person.role))].filter((role) => !route.roles || route.roles.includes(role));
      for (const role of roles) {
        const person = run.state.people.find((candidate) => candidate.role === role);
        if (person) await verifyListOverFetch({ run, pool, ledger, coverage }, route, person.key);
      }
    }
  },
  async 'paths: spellings'({ run, pool, ledger }, scope) {
    const coverage = new AttackCoverage('paths');
    const owners = [...new Map(run.usagers().map((person) => [person.mdph, person.key])).values()];
    for (const route of inScope([...objectRoutes(run, 'piece'), ...objectRoutes(run, 'dossier')], scope, 'object routes')) {
      for (const owner of owners) await verifyPathSpellings({ run, pool, ledger, coverage }, route, owner);
    }
  },
  async 'tokens: tampering'(context) {
    await verifyTokenHandling({ ...context, coverage: new AttackCoverage('tokens') }, firstOfRole(context.run, 'usager'));
  },
  'lifecycle: password change': endingAction('passwordChange'),
  'lifecycle: disable': endingAction('disable'),
  'lifecycle: role revoke': endingAction('revokeRole'),
  'lifecycle: refresh reuse': (context) => lifecycle(context, verifyRefreshSingleUse),
};
