import type { PlannedProbe } from '../probes/probe-order';
import { neighbourIds, objectVectors, type Vector } from '../probes/vectors';
import { routeBindings, routeIdBinding } from '../profile/route';
import type { ObjectKind, RouteSpec } from '../profile/types';
import { oneOfEachClass } from '../policy/classes';
import type { RunContext, SeededObject } from '../run/context';
import type { Bindings } from '../util/template';
import { rendersInBrowser } from './controls';

/**
 * What the object checks send, enumerated before anything is sent: the checks walk it, the probe
 * budget orders and cuts it (src/probes/budget.ts), dry-run counts it. One source, so the plan a
 * budget is computed on is exactly what the tests would send.
 */
export interface ObjectRouteStep {
  object: SeededObject;
  index: number;
  /** One member of each forbidden relationship class, rotating across objects. */
  attackers: (string | undefined)[];
  probes: { attackerKey: string | undefined; vector: Vector; key: string }[];
  /** Positive controls, owner first: each allowed identity reaches the object before any refusal counts. */
  controls: { requesterKey: string; key: string }[];
  /** A page's shell test (the owner's plain HTTP answer), where the route renders in a browser. */
  shellKey?: string;
  /** What each attacker's real browser is shown: once per owner and route (its first object). */
  visits: { attackerKey: string | undefined; key: string }[];
}

export const objectCheckName = (route: RouteSpec): string => `objects/${route.action}`;

/** The routes the object checks cover: every declared pièce or dossier route open to every role. */
export function objectCheckRoutes(run: Pick<RunContext, 'profile'>): RouteSpec[] {
  return run.profile.routes.filter((route) => (route.object === 'piece' || route.object === 'dossier') && !route.roles);
}

/** For each of the owner's objects, who is refused it and with which vectors. */
export function objectRouteSteps(run: RunContext, route: RouteSpec, ownerKey: string): ObjectRouteStep[] {
  const kind = route.object as ObjectKind;
  const forbidden = run.identities().filter((key) => key === undefined || !run.policy.mayRead(key, ownerKey, route.name));
  const bindings = routeBindings(run.profile, route);
  const audience = objectAudience(run, route, ownerKey);
  const page = rendersInBrowser(route);
  return run.objectsOf(ownerKey, kind).map((object, index) => {
    const attackers = oneOfEachClass(run.policy, forbidden, object.ownerKey, { turn: index });
    const probes = attackers.flatMap((attackerKey) => {
      const own = run.reachableObject(attackerKey, kind)?.bindings;
      return objectVectors(route, object.bindings, own, bindings).map((vector) => ({ attackerKey, vector, key: probeKey(route, object.key, attackerKey, vector) }));
    });
    const controls = audience.map((requesterKey) => ({ requesterKey, key: `${route.name}|${object.key}|${requesterKey}|positive-control` }));
    const visits = page && index === 0 ? attackers.map((attackerKey) => ({ attackerKey, key: `${route.name}|${object.key}|${attackerKey ?? 'anonymous'}|browser-visit` })) : [];
    return { object, index, attackers, probes, controls, ...(page ? { shellKey: `${route.name}|${object.key}|page-shell` } : {}), visits };
  });
}

/** Who may read the owner's objects through the route, the owner first. */
export function objectAudience(run: RunContext, route: RouteSpec, ownerKey: string): string[] {
  const allowed = run.identities().filter((key): key is string => key !== undefined && run.policy.mayRead(key, ownerKey, route.name));
  return allowed.sort((a, b) => Number(b === ownerKey) - Number(a === ownerKey));
}

export interface NeighbourProbe {
  attackerKey: string | undefined;
  id: number;
  /** The seeded owner of that id, if any. */
  ownerKey: string | undefined;
  relationship: string;
  bindings: Bindings;
  key: string;
}

/** Ids next to each identity's own, or why the route has none to walk. */
export function neighbourProbes(run: RunContext, route: RouteSpec): NeighbourProbe[] | { notApplicable: string } {
  const kind = route.object as ObjectKind;
  const binding = routeIdBinding(run.profile, route);
  // Only a route that carries the object's own id can be walked by changing that id.
  if (!route.path.includes(`{${binding}}`)) return { notApplicable: `${route.path} does not carry {${binding}}, the ${kind} id: no id to walk` };
  const known = new Set(run.allObjects(kind).map((object) => Number(object.bindings[binding])).filter(Number.isInteger));
  // UUIDs and opaque references have no neighbours to walk to.
  if (known.size === 0) return { notApplicable: `the ${kind} ids ({${binding}}) of this run are not integers: no neighbour to walk to` };
  const out: NeighbourProbe[] = [];
  for (const key of run.identities()) {
    const own = run.allObjects(kind).filter((object) => object.ownerKey === key);
    const template = own[0] ?? run.allObjects(kind)[0];
    if (!template) continue;
    const ownIds = own.map((object) => Number(object.bindings[binding])).filter(Number.isInteger);
    for (const id of neighbourIds(ownIds.length > 0 ? ownIds : [...known].slice(0, 1), known)) {
      const ownerKey = run.ownerOfId(kind, String(id));
      if (key !== undefined && ownerKey !== undefined && run.policy.mayRead(key, ownerKey, route.name)) continue;
      const relationship = ownerKey ? run.policy.relationship(key, ownerKey) : key === undefined ? 'anonymous' : 'unknown-object';
      out.push({ attackerKey: key, id, ownerKey, relationship, bindings: { ...template.bindings, [binding]: id }, key: `${route.name}|neighbour|${key ?? 'anonymous'}|${id}` });
    }
  }
  return out;
}

/** Every negative HTTP probe of the object checks, as the budget sees it. */
export function plannedObjectProbes(run: RunContext): PlannedProbe[] {
  const usagers = run.usagers().map((person) => person.key);
  const planned: PlannedProbe[] = [];
  for (const route of objectCheckRoutes(run)) {
    const base = { family: 'objects', route: route.path, action: route.action };
    for (const [ownerIndex, ownerKey] of usagers.entries()) {
      for (const step of objectRouteSteps(run, route, ownerKey)) {
        // Round-robin over owners: every owner's first object comes before anyone's second.
        const depth = step.index * usagers.length + ownerIndex;
        // Every refusal of the object needs its controls: under a budget an object none of whose
        // refusals is kept costs no control.
        const needs = [...step.controls.map((control) => control.key), ...(step.shellKey ? [step.shellKey] : [])];
        for (const control of step.controls) planned.push({ ...base, key: control.key, relationship: run.policy.relationship(control.requesterKey, ownerKey), vector: 'positive-control', depth, control: true });
        if (step.shellKey) planned.push({ ...base, key: step.shellKey, relationship: 'owner', vector: 'page-shell', depth, control: true });
        for (const probe of step.probes) {
          planned.push({ ...base, key: probe.key, relationship: run.policy.relationship(probe.attackerKey, ownerKey), vector: probe.vector.name, depth, needs });
        }
        for (const visit of step.visits) planned.push({ ...base, key: visit.key, relationship: run.policy.relationship(visit.attackerKey, ownerKey), vector: 'browser-visit', depth, needs });
      }
    }
    const neighbours = neighbourProbes(run, route);
    if (Array.isArray(neighbours)) {
      neighbours.forEach((probe, index) => planned.push({ ...base, key: probe.key, relationship: probe.relationship, vector: 'neighbour-id', depth: index + 1 }));
    }
  }
  return planned;
}

export function probeKey(route: RouteSpec, objectKey: string, attackerKey: string | undefined, vector: Vector): string {
  return `${route.name}|${objectKey}|${attackerKey ?? 'anonymous'}|${vector.name}|${vector.method} ${vector.url}`;
}
