import { oneOfEachClass } from '../policy/classes';
import type { PlannedProbe } from '../probes/probe-order';
import type { ObjectKind, RouteSpec } from '../profile/types';
import type { RunContext, SeededObject } from '../run/context';
import { fill } from '../util/template';

/**
 * What the path checks send, before anything is sent: the checks walk it and the run's budget
 * (src/checks/run-plan.ts) orders and cuts it. One source, so the plan is what the tests send.
 */
export interface PathStep {
  route: RouteSpec;
  ownerKey: string;
  object: SeededObject;
  url: string;
  attackers: (string | undefined)[];
  /** The owner's plain URL, the positive control every spelling needs. */
  controlKey: string;
  probes: { attackerKey: string | undefined; variant: PathVariant; key: string }[];
}

/** Every object route of every role: the ones the path checks spell differently. */
export function pathCheckRoutes(run: Pick<RunContext, 'profile'>): RouteSpec[] {
  return run.profile.routes.filter((route) => (route.object === 'piece' || route.object === 'dossier') && !route.roles);
}

/** One usager per MDPH: a rule bound to one spelling lets the others by for everyone. */
export function pathOwners(run: RunContext): string[] {
  return [...new Map(run.usagers().map((person) => [person.mdph, person.key])).values()];
}

/** The owner's first object through the route, spelled every way, by one identity of each forbidden class. */
export function pathStep(run: RunContext, route: RouteSpec, ownerKey: string): PathStep | { nothingToTry: string } {
  const kind = route.object as ObjectKind;
  const object = run.objectsOf(ownerKey, kind)[0];
  if (!object) return { nothingToTry: `${ownerKey} owns no ${kind}` };
  const url = fill(route.path, object.bindings, encodeURIComponent);
  const forbidden = run.identities().filter((key) => key === undefined || !run.policy.mayRead(key, ownerKey));
  const attackers = oneOfEachClass(run.policy, forbidden, ownerKey);
  const variants = pathVariants(url);
  const probes = attackers.flatMap((attackerKey) => variants.map((variant) => ({ attackerKey, variant, key: `paths|${route.name}|${ownerKey}|${attackerKey ?? 'anonymous'}|${variant.name}` })));
  return { route, ownerKey, object, url, attackers, controlKey: `paths|${route.name}|${ownerKey}|positive-control`, probes };
}

/** Every request of the path checks, as the budget sees it: each owner's control, then the spellings, version siblings first as pathVariants lists them. */
export function plannedPathProbes(run: RunContext): PlannedProbe[] {
  const planned: PlannedProbe[] = [];
  for (const route of pathCheckRoutes(run)) {
    for (const [depth, ownerKey] of pathOwners(run).entries()) {
      const step = pathStep(run, route, ownerKey);
      if (!('probes' in step)) continue;
      const names = [...new Set(step.probes.map((probe) => probe.variant.name))];
      const base = { family: 'paths', route: route.path, action: route.action, depth };
      planned.push({ ...base, key: step.controlKey, relationship: 'owner', vector: 'positive-control', control: true });
      for (const probe of step.probes) {
        planned.push({ ...base, key: probe.key, relationship: run.policy.relationship(probe.attackerKey, ownerKey), vector: probe.variant.name, rank: names.indexOf(probe.variant.name), needs: [step.controlKey] });
      }
    }
  }
  return planned;
}

/** One spelling of a route's URL that a router may take for the same route and an access rule may not. */
export interface PathVariant {
  name: string;
  url: string;
}

/**
 * Spellings of one concrete URL that routers, proxies and servlet containers normalise differently:
 * the access rule written for `/api/v2/x` may not fire for `/API/v2/x`, `/api/./v2/x` or `/api/v1/x`,
 * while the handler answers all of them. Version siblings (`/v1/` next to `/v2/`) find the old
 * registration of a route that kept no check.
 */
export function pathVariants(url: string): PathVariant[] {
  const [path = '', query] = url.split('?');
  const suffix = query === undefined ? '' : `?${query}`;
  const segments = path.split('/');
  const first = segments.findIndex((segment) => segment !== '');
  const lastIndex = segments.length - 1;
  const variants: PathVariant[] = [];
  const add = (name: string, spelled: string): void => {
    if (spelled !== path) variants.push({ name, url: `${spelled}${suffix}` });
  };
  const at = (index: number, value: string): string => segments.map((segment, position) => (position === index ? value : segment)).join('/');

  segments.forEach((segment, index) => {
    const version = /^v(\d+)$/i.exec(segment);
    if (!version) return;
    const number = Number(version[1]);
    for (const sibling of [number - 1, number + 1]) if (sibling >= 1) add(`version sibling v${sibling}`, at(index, `v${sibling}`));
  });
  if (first !== -1) {
    const head = segments[first] ?? '';
    add('upper-case first segment', at(first, head.toUpperCase()));
    add('capitalised first segment', at(first, `${head.charAt(0).toUpperCase()}${head.slice(1)}`));
    add('dot segment', at(first, `${head}/.`));
    add('encoded dot-dot', at(first, `${head}/cloison/%2e%2e`));
    add('dot-dot semicolon', at(first, `${head}/cloison/..;`));
  }
  const last = segments[lastIndex] ?? '';
  if (last !== '') {
    add('matrix parameter', at(lastIndex, `${last};cloison=1`));
    add('trailing dot', at(lastIndex, `${last}.`));
    add('double-encoded last segment', at(lastIndex, [...last].map((char) => `%25${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('')));
  }
  return variants;
}
