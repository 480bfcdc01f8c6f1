import { AttackCoverage } from '../../../src/attacks/coverage';
import { verifyListOverFetch } from '../../../src/attacks/pages';
import { verifyPathSpellings } from '../../../src/attacks/paths';
import { verifyNestedRoute, verifySubstitutionsOf } from '../../../src/attacks/substitution';
import { verifyTokenHandling } from '../../../src/attacks/tokens';
import { verifyParallelSessions, verifySequentialSessions } from '../../../src/checks/concurrency-load';
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
import { CreatedPieces } from '../../../src/checks/writes/created';
import { verifyWriteSide } from '../../../src/checks/writes/write-side';
import { CoverageLog } from '../../../src/discovery/coverage';
import { oneOwnerPerClass } from '../../../src/discovery/owners';
import { verifyReplaysOf } from '../../../src/discovery/replay';
import type { ObjectKind, RouteSpec } from '../../../src/profile/types';
import type { RunContext } from '../../../src/run/context';
import { placeholdersOf } from '../../../src/util/template';
import type { DetectionContext } from './target';

/**
 * The probes of each check family, as its spec in tests/<family>/ runs them, narrowed to what a
 * detection needs (one owner where the spec loops over all). Each calls the family's own check
 * code; only the loop over the profile's routes and people is repeated here.
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
  | 'sessions: caching'
  | 'writes: write side'
  | 'concurrency: sessions at once'
  | 'substitution: identity'
  | 'nesting: several ids'
  | 'pages: list over-fetch'
  | 'paths: spellings'
  | 'tokens: tampering';

const objectRoutes = (run: RunContext, kind: ObjectKind): RouteSpec[] => run.profile.routes.filter((route) => route.object === kind && !route.roles);
const firstUsager = (run: RunContext): string => {
  const key = run.usagers()[0]?.key;
  if (!key) throw new Error('the population has no usager');
  return key;
};
const people = (run: RunContext): string[] => run.state.people.map((person) => person.key);

async function objectRoutesOf({ run, pool, ledger }: DetectionContext, kind: ObjectKind): Promise<void> {
  for (const route of objectRoutes(run, kind)) {
    await verifyObjectRoute({ run, pool, ledger, route }, firstUsager(run));
    await verifyNeighbourIds({ run, pool, ledger, route });
  }
}

export const PROBES: Record<ProbeName, (context: DetectionContext) => Promise<void>> = {
  'objects: pièce routes': (context) => objectRoutesOf(context, 'piece'),
  'objects: dossier routes': (context) => objectRoutesOf(context, 'dossier'),
  async 'objects: own lists and search'({ run, pool, ledger }) {
    for (const route of run.profile.routes.filter((candidate) => candidate.object === 'self' && !candidate.roles)) {
      for (const requester of [...people(run), undefined]) await verifySelfRoute({ run, pool, ledger, route }, requester);
    }
  },
  async 'discovery: replay'({ run, pool, ledger }) {
    const coverage = new CoverageLog();
    const owners = oneOwnerPerClass(run.usagers().map((person) => person.key), run.identities(), (requester, owner) => run.policy.relationship(requester, owner));
    for (const owner of owners) await verifyReplaysOf({ run, pool, ledger, coverage }, owner);
  },
  async 'roles: back office'({ run, pool, ledger }) {
    for (const route of run.profile.routes.filter((candidate) => candidate.roles !== undefined)) {
      if (route.object === 'self') {
        for (const requester of [...people(run), undefined]) await verifyRoleSelfRoute({ run, pool, ledger, route }, requester);
      } else {
        await verifyRoleObjectRoute({ run, pool, ledger, route }, firstUsager(run));
      }
    }
  },
  async 'roles: representatives and tenants'({ run, pool, ledger }) {
    const routes = [...objectRoutes(run, 'dossier'), ...objectRoutes(run, 'piece')];
    for (const person of run.state.people) {
      if (person.role === 'representant') await verifyScope({ run, pool, ledger, routes }, { requesterKey: person.key, readable: representedBy(run.policy, person.key), victims: notRepresentedBy(run.policy, person.key) });
      if (person.role === 'agent') await verifyScope({ run, pool, ledger, routes }, { requesterKey: person.key, readable: ownTenant(run.policy, person.key), victims: otherTenants(run.policy, person.key) });
    }
  },
  async 'sessions: share links'(context) {
    const owner = firstUsager(context.run);
    await verifyShareAudience(context, owner);
    await verifyShareExpiry(context, owner);
    await verifyShareRevocation(context, owner);
    await verifyShareDiesAtLogout(context, owner);
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
  async 'sessions: caching'(context) {
    for (const route of context.run.profile.routes) await verifyPersonalAnswerNotStored(context, route);
    await verifyBackAfterLogoutShowsNothing(context, firstOfRole(context.run, 'usager'));
  },
  async 'writes: write side'({ run, pool, ledger }) {
    // As the suite's fixture does: whatever a failed step left is removed, and what cannot be is an error.
    const created = new CreatedPieces();
    const probed = await verifyWriteSide({ run, pool, ledger, routes: [...(run.profile.writes ?? [])], created }, firstUsager(run)).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    const left = await created.removeLeftovers();
    if (probed) throw probed;
    if (left.length > 0) throw new Error(`the write probes left pièces behind: ${left.join('; ')}`);
  },
  async 'concurrency: sessions at once'({ run, pool }) {
    await verifyParallelSessions({ run, pool });
    await verifySequentialSessions({ run, pool });
  },
  async 'substitution: identity'({ run, pool, ledger }) {
    const usagers = run.usagers().map((person) => person.key);
    const coverage = new AttackCoverage('substitution');
    for (const requester of oneOwnerPerClass(usagers, run.identities(), (other, owner) => run.policy.relationship(other, owner))) {
      await verifySubstitutionsOf({ run, pool, ledger, coverage }, requester);
    }
  },
  async 'nesting: several ids'({ run, pool, ledger }) {
    const coverage = new AttackCoverage('nesting');
    const nested = [...objectRoutes(run, 'piece'), ...objectRoutes(run, 'dossier')].filter((route) => placeholdersOf(route.path.split('?')[0] ?? '').length >= 2);
    for (const route of nested) for (const key of people(run)) await verifyNestedRoute({ run, pool, ledger, coverage }, route, key);
  },
  async 'pages: list over-fetch'({ run, pool, ledger }) {
    const coverage = new AttackCoverage('pages');
    for (const route of run.profile.routes.filter((candidate) => (candidate.action === 'list' || candidate.action === 'search') && candidate.channel === 'api')) {
      const roles = [...new Set(run.state.people.map((person) => person.role))].filter((role) => !route.roles || route.roles.includes(role));
      for (const role of roles) {
        const person = run.state.people.find((candidate) => candidate.role === role);
        if (person) await verifyListOverFetch({ run, pool, ledger, coverage }, route, person.key);
      }
    }
  },
  async 'paths: spellings'({ run, pool, ledger }) {
    const coverage = new AttackCoverage('paths');
    const owners = [...new Map(run.usagers().map((person) => [person.mdph, person.key])).values()];
    for (const route of [...objectRoutes(run, 'piece'), ...objectRoutes(run, 'dossier')]) {
      for (const owner of owners) await verifyPathSpellings({ run, pool, ledger, coverage }, route, owner);
    }
  },
  async 'tokens: tampering'(context) {
    await verifyTokenHandling({ ...context, coverage: new AttackCoverage('tokens') }, firstOfRole(context.run, 'usager'));
  },
};
