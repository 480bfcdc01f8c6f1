import { test } from '@playwright/test';
import { expectReaches } from '../checks/controls';
import { onRoute, probeContext } from '../checks/probe-context';
import { keeps } from '../checks/run-plan';
import type { RouteSpec } from '../profile/types';
import { pathStep } from '../checks/paths-plan';
import type { AttackCheck } from './substitution';

/**
 * Every spelling of one victim object's URL through one route, as one identity of each class the
 * policy forbids. The owner first proves the plain URL reaches the object.
 */
export async function verifyPathSpellings(check: AttackCheck, route: RouteSpec, ownerKey: string): Promise<void> {
  const { run, pool, coverage } = check;
  const step = pathStep(run, route, ownerKey);
  if (!('probes' in step)) {
    coverage.nothingToTry(route.path, step.nothingToTry);
    return;
  }
  const { object, url, attackers, controlKey, probes } = step;
  const check_ = `paths/${route.action}`;
  // Under a probe budget (CLOISON_MAX_PROBES) the rarer spellings of later owners go first, and
  // an owner none of whose spellings is kept sends no control either.
  const kept = probes.filter((probe) => {
    if (keeps(run, probe.key, { family: 'paths', route: route.path, action: route.action, relationship: run.policy.relationship(probe.attackerKey, ownerKey), vector: probe.variant.name })) return true;
    coverage.skipped(route.path, probe.variant.name);
    return false;
  });
  if (!keeps(run, controlKey, { family: 'paths', route: route.path, action: route.action, relationship: 'owner', vector: 'positive-control' })) return;
  await test.step(`${ownerKey} reaches ${object.key} through ${route.path} (positive control)`, async () => {
    await expectReaches(await pool.get(ownerKey), route, probeContext(run, onRoute('paths/positive-control', route, 'positive-control'), { requesterKey: ownerKey, object }), url, object, false);
  });
  const spellings = new Set(kept.map((probe) => probe.variant.name)).size;
  await test.step(`${attackers.map((key) => key ?? 'anonymous').join(', ')} try ${spellings} spellings of ${route.path}`, async () => {
    for (const key of attackers) {
      const attacker = await pool.get(key);
      for (const { variant } of kept.filter((probe) => probe.attackerKey === key)) {
        await attacker.request(probeContext(run, { ...onRoute(check_, route, variant.name, true), channel: 'api' }, { requesterKey: key, object }), { method: 'GET', url: variant.url });
        coverage.tried(route.path, attacker.name, variant.name);
      }
    }
  });
}
