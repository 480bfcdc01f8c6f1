import { oneOfEachClass } from '../policy/classes';
import type { PlannedProbe } from '../probes/probe-order';
import type { ObjectKind, RouteSpec } from '../profile/types';
import type { RunContext, SeededObject } from '../run/context';
import { rendersInBrowser } from './controls';
import { missingRole } from './not-applicable';
import { notRepresentedBy, otherTenants, ownTenant, representedBy, roleAttackers, roleAudience, serves } from './roles-plan';

/**
 * What the roles checks send, before anything is sent: the checks walk these steps and the run's
 * budget (src/checks/run-plan.ts) plans them with the other families. One source, so the plan is
 * what the tests send. Every refusal of an object needs that object's positive controls (and, for a
 * page, its shell test); under a budget an object with no refusal kept sends no control either.
 */
const FAMILY = 'roles';

export interface RoleObjectStep {
  object: SeededObject;
  /** The served audience, each a positive control (the first through its channel). */
  controls: { requesterKey: string; key: string }[];
  shellKey?: string;
  /**
   * One outside the audience of each role and class over HTTP, anonymous last, rotating over the
   * objects so every member meets some: linear in people, where everyone × every object grew as
   * their product (15,752 planned role probes at 64 usagers).
   */
  probes: { attackerKey: string | undefined; key: string }[];
  /** What a real browser shows one of each role and class. */
  visits: { attackerKey: string | undefined; key: string }[];
}

/** A role route's object of an owner: its audience reaches it, everyone else is refused. */
export function roleObjectSteps(run: RunContext, route: RouteSpec, ownerKey: string): RoleObjectStep[] {
  const audience = roleAudience(run.policy, route, ownerKey);
  const attackers = roleAttackers(run.policy, route, ownerKey);
  const page = rendersInBrowser(route);
  const prefix = `${FAMILY}|${route.name}`;
  return run.objectsOf(ownerKey, route.object as ObjectKind).map((object, index) => ({
    object,
    controls: audience.map((requesterKey) => ({ requesterKey, key: `${prefix}|${object.key}|${requesterKey}|positive-control` })),
    ...(page ? { shellKey: `${prefix}|${object.key}|page-shell` } : {}),
    probes: oneOfEachClass(run.policy, attackers, ownerKey, { byRole: true, turn: index }).map((attackerKey) => ({ attackerKey, key: `${prefix}|${object.key}|${attackerKey ?? 'anonymous'}|direct-id` })),
    visits: page ? oneOfEachClass(run.policy, attackers, ownerKey, { byRole: true }).map((attackerKey) => ({ attackerKey, key: `${prefix}|${object.key}|${attackerKey ?? 'anonymous'}|browser-visit` })) : [],
  }));
}

export interface SelfRouteStep {
  /** Set for a requester the route serves: its own answer, where it must see its own people and nobody else's. */
  servedKey?: string;
  /** Set for a requester the route does not serve: one refusal over HTTP (and in a browser for a page). */
  probeKey?: string;
  visitKey?: string;
  /** The page's shell test, by a served person, before the HTTP refusal of a page is judged. */
  shellKey?: string;
}

/** A role route about the caller, for one requester: served (its own test, a positive control) or refused. */
export function selfRouteStep(run: RunContext, route: RouteSpec, requesterKey: string | undefined): SelfRouteStep {
  const role = requesterKey === undefined ? undefined : run.person(requesterKey).role;
  const prefix = `${FAMILY}|${route.name}|${requesterKey ?? 'anonymous'}`;
  if (serves(route, role) && requesterKey !== undefined) return { servedKey: `${prefix}|own-answer` };
  return rendersInBrowser(route) ? { probeKey: `${prefix}|plain`, visitKey: `${prefix}|browser-visit`, shellKey: `${prefix}|page-shell` } : { probeKey: `${prefix}|plain` };
}

export interface ScopeStep {
  route: RouteSpec;
  requesterKey: string;
  /** Every object of the people it may read: its positive controls on the route. */
  controls: { object: SeededObject; key: string }[];
  /** Every object of the people it may not read, the nearest first, with its shell test on a page. */
  probes: { object: SeededObject; key: string; shellKey?: string }[];
  /** The nearest victim's first object in a real browser, for a page. */
  visit?: { object: SeededObject; key: string };
}

/** Who a scoped requester may and may not read (a representative, an agent): see roles-plan. */
export interface ScopeOf {
  requesterKey: string;
  readable: readonly { key: string }[];
  victims: readonly { key: string }[];
}

export function scopeStep(run: RunContext, route: RouteSpec, scope: ScopeOf): ScopeStep {
  const kind = route.object as ObjectKind;
  const page = rendersInBrowser(route);
  const prefix = `${FAMILY}|scope|${route.name}|${scope.requesterKey}`;
  const controls = scope.readable.flatMap((person) => run.objectsOf(person.key, kind)).map((object) => ({ object, key: `${prefix}|${object.key}|positive-control` }));
  const victims = scope.victims.flatMap((person) => run.objectsOf(person.key, kind));
  const probes = victims.map((object) => ({ object, key: `${prefix}|${object.key}|direct-id`, ...(page ? { shellKey: `${prefix}|${object.key}|page-shell` } : {}) }));
  const first = victims[0];
  return { route, requesterKey: scope.requesterKey, controls, probes, ...(page && first ? { visit: { object: first, key: `${prefix}|${first.key}|browser-visit` } } : {}) };
}

/** The scoped requesters the representatives and tenants checks walk, as they walk them (empty where not applicable). */
export function scopesOf(run: RunContext, check: 'representatives' | 'tenants'): ScopeOf[] {
  const { profile, policy } = run;
  if (check === 'representatives') {
    if (missingRole(profile, 'representant')) return [];
    return run.state.people.filter((person) => person.role === 'representant').map((person) => ({ requesterKey: person.key, readable: representedBy(policy, person.key), victims: notRepresentedBy(policy, person.key) }));
  }
  if (missingRole(profile, 'agent') || profile.people.tenants === false) return [];
  return run.state.people.filter((person) => person.role === 'agent').map((person) => ({ requesterKey: person.key, readable: ownTenant(policy, person.key), victims: otherTenants(policy, person.key) }));
}

type Base = Pick<PlannedProbe, 'family' | 'route' | 'action'>;

/** A route about oneself: each identity's class is its role, one probe each. */
function plannedSelfRoute(run: RunContext, route: RouteSpec, base: Base, planned: PlannedProbe[]): void {
  for (const requesterKey of run.identities()) {
    const step = selfRouteStep(run, route, requesterKey);
    const relationship = requesterKey === undefined ? 'anonymous' : run.person(requesterKey).role;
    // A served role's own answer covers the route for that role: a leak to it is judged there.
    if (step.servedKey) planned.push({ ...base, key: step.servedKey, relationship, vector: 'own-answer', depth: 0 });
    if (!step.probeKey) continue;
    const needs = step.shellKey ? [step.shellKey] : [];
    if (step.shellKey) planned.push({ ...base, key: step.shellKey, relationship, vector: 'page-shell', depth: 0, control: true });
    // The requester's role is its class here: a route not served to a role refuses all of its members alike.
    planned.push({ ...base, key: step.probeKey, relationship, vector: 'direct-id', depth: 0, needs });
    // The served role's own answer is its own test; the shell test only judges the HTTP refusal.
    if (step.visitKey) planned.push({ ...base, key: step.visitKey, relationship, vector: 'browser-visit', depth: 0 });
  }
}

/** A role route over objects: every object meets one member of each class before any meets a second. */
function plannedRoleObjects(run: RunContext, route: RouteSpec, base: Base, usagers: string[], planned: PlannedProbe[]): void {
  const stride = Math.max(0, ...usagers.map((key) => run.objectsOf(key, route.object as ObjectKind).length)) * usagers.length;
  for (const [ownerIndex, ownerKey] of usagers.entries()) {
    for (const [index, step] of roleObjectSteps(run, route, ownerKey).entries()) {
      const depth = index * usagers.length + ownerIndex;
      const members = new Map<string, number>();
      // A class's second member tells less than the first member on another object: it ranks as a rarer vector.
      const member = (attackerKey: string | undefined): { depth: number; rank: number } => {
        const name = `${attackerKey === undefined ? 'anonymous' : run.person(attackerKey).role}|${run.policy.relationship(attackerKey, ownerKey)}`;
        const turn = members.get(name) ?? 0;
        members.set(name, turn + 1);
        return { depth: depth + turn * stride, rank: turn === 0 ? 0 : 1 };
      };
      const needs = [...step.controls.map((control) => control.key), ...(step.shellKey ? [step.shellKey] : [])];
      for (const control of step.controls) planned.push({ ...base, key: control.key, relationship: run.policy.relationship(control.requesterKey, ownerKey), vector: 'positive-control', depth, control: true });
      const shellBy = step.controls[0]?.requesterKey;
      if (step.shellKey) planned.push({ ...base, key: step.shellKey, relationship: run.policy.relationship(shellBy, ownerKey), vector: 'page-shell', depth, control: true });
      for (const probe of step.probes) planned.push({ ...base, key: probe.key, relationship: run.policy.relationship(probe.attackerKey, ownerKey), vector: 'direct-id', ...member(probe.attackerKey), needs });
      for (const visit of step.visits) planned.push({ ...base, key: visit.key, relationship: run.policy.relationship(visit.attackerKey, ownerKey), vector: 'browser-visit', depth, needs });
    }
  }
}

/** The scoped requesters (representatives, agents' tenants) on every object route open to all roles. */
function plannedScopes(run: RunContext, planned: PlannedProbe[]): void {
  const objectRoutes = run.profile.routes.filter((route) => (route.object === 'dossier' || route.object === 'piece') && !route.roles);
  for (const check of ['representatives', 'tenants'] as const) {
    for (const route of objectRoutes) {
      const base = { family: FAMILY, route: route.path, action: route.action };
      for (const scope of scopesOf(run, check)) {
        const step = scopeStep(run, route, scope);
        const controls = step.controls.map((control) => control.key);
        for (const control of step.controls) planned.push({ ...base, key: control.key, relationship: run.policy.relationship(scope.requesterKey, control.object.ownerKey), vector: 'positive-control', depth: 0, control: true });
        for (const [depth, probe] of step.probes.entries()) {
          const relationship = run.policy.relationship(scope.requesterKey, probe.object.ownerKey);
          if (probe.shellKey) planned.push({ ...base, key: probe.shellKey, relationship: 'owner', vector: 'page-shell', depth, control: true });
          planned.push({ ...base, key: probe.key, relationship, vector: 'direct-id', depth, needs: probe.shellKey ? [...controls, probe.shellKey] : controls });
        }
        if (step.visit) planned.push({ ...base, key: step.visit.key, relationship: run.policy.relationship(scope.requesterKey, step.visit.object.ownerKey), vector: 'browser-visit', depth: 0, needs: controls });
      }
    }
  }
}

/** Every request of the roles checks, as the budget sees it. */
export function plannedRoleProbes(run: RunContext): PlannedProbe[] {
  const planned: PlannedProbe[] = [];
  const usagers = run.usagers().map((person) => person.key);
  for (const route of run.profile.routes.filter((candidate) => candidate.roles !== undefined)) {
    const base = { family: FAMILY, route: route.path, action: route.action };
    if (route.object === 'self') plannedSelfRoute(run, route, base, planned);
    else plannedRoleObjects(run, route, base, usagers, planned);
  }
  plannedScopes(run, planned);
  return planned;
}
