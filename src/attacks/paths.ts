import { test } from '@playwright/test';
import { expectReaches } from '../checks/controls';
import { oneOfEachClass } from '../policy/classes';
import { onRoute, probeContext } from '../checks/probe-context';
import type { ObjectKind, RouteSpec } from '../profile/types';
import { fill } from '../util/template';
import type { AttackCheck } from './substitution';

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

/**
 * Every spelling of one victim object's URL through one route, as one identity of each class the
 * policy forbids. The owner first proves the plain URL reaches the object.
 */
export async function verifyPathSpellings(check: AttackCheck, route: RouteSpec, ownerKey: string): Promise<void> {
  const { run, pool, coverage } = check;
  const kind = route.object as ObjectKind;
  const object = run.objectsOf(ownerKey, kind)[0];
  if (!object) {
    coverage.nothingToTry(route.path, `${ownerKey} owns no ${kind}`);
    return;
  }
  const url = fill(route.path, object.bindings, encodeURIComponent);
  const check_ = `paths/${route.action}`;
  await test.step(`${ownerKey} reaches ${object.key} through ${route.path} (positive control)`, async () => {
    await expectReaches(await pool.get(ownerKey), route, probeContext(run, onRoute('paths/positive-control', route, 'positive-control'), { requesterKey: ownerKey, object }), url, object, false);
  });
  const forbidden = run.identities().filter((key) => key === undefined || !run.policy.mayRead(key, ownerKey));
  const attackers = oneOfEachClass(run.policy, forbidden, ownerKey);
  const variants = pathVariants(url);
  await test.step(`${attackers.map((key) => key ?? 'anonymous').join(', ')} try ${variants.length} spellings of ${route.path}`, async () => {
    for (const key of attackers) {
      const attacker = await pool.get(key);
      for (const variant of variants) {
        await attacker.request(probeContext(run, { ...onRoute(check_, route, variant.name, true), channel: 'api' }, { requesterKey: key, object }), { method: 'GET', url: variant.url });
        coverage.tried(route.path, attacker.name, variant.name);
      }
    }
  });
}
