import { routeCall } from '../profile/route';
import { expect, test } from '@playwright/test';
import type { ObjectKind, RouteSpec } from '../profile/types';
import type { RunContext, SeededObject } from '../run/context';
import type { Exchange, ProbeContext } from '../session/exchange';
import type { IdentityPool } from '../session/pool';
import { mapLimit } from '../util/concurrency';
import { expectReaches, fetchThroughChannel, isSuccess, rendersInBrowser } from './controls';
import { isPageShell, pageDataRefused } from './page-shell';
import { refusalKind, roleAttackers, roleAudience, serves } from './roles-plan';
import { roleObjectSteps, selfRouteStep } from './roles-probes';
import { keeps } from './run-plan';
import { roleViolation, type ViolationSink } from './roles-violation';
import { onRoute, probeContext, requesterClass } from './probe-context';

/**
 * Routes that exist for some roles only (a back office). Two ways in are wrong: a role the route
 * does not serve (a usager, a representative, anonymous), and a served role outside the policy's
 * audience (an agent of another MDPH). Positive controls come from the served audience.
 */
export interface RoleCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: ViolationSink;
  route: RouteSpec;
}

const checkName = (route: RouteSpec): string => `roles/${route.action}`;

/** An owner's object through a role route: its served audience reaches it, nobody else does. */
export async function verifyRoleObjectRoute(check: RoleCheck, ownerKey: string): Promise<void> {
  const { run, pool, route } = check;
  const kind = route.object as ObjectKind;
  const steps = roleObjectSteps(run, route, ownerKey);
  if (steps.length === 0) throw new Error(`${ownerKey} owns no ${kind} in run ${run.state.runId}: nothing to prove`);
  const audience = roleAudience(run.policy, route, ownerKey);
  if (audience.length === 0) {
    throw new Error(`nobody of role ${(route.roles ?? []).join('/')} may read ${ownerKey}: the population gives ${route.path} no positive control`);
  }
  const attackers = roleAttackers(run.policy, route, ownerKey);
  // Under a budget a control is kept exactly when a refusal of its object is (run-plan).
  const kept = (key: string, requesterKey: string | undefined, vector: string): boolean =>
    keeps(run, key, { family: 'roles', route: route.path, action: route.action, relationship: run.policy.relationship(requesterKey, ownerKey), vector });

  for (const step of steps) {
    const { object } = step;
    const url = routeCall(route, object.bindings);
    const controls = step.controls.filter((control) => kept(control.key, control.requesterKey, 'positive-control'));
    const shellKept = step.shellKey !== undefined && kept(step.shellKey, audience[0], 'page-shell');
    const probes = step.probes.filter((probe) => kept(probe.key, probe.attackerKey, 'direct-id'));
    const visits = step.visits.filter((visit) => kept(visit.key, visit.attackerKey, 'browser-visit'));
    if (probes.length === 0 && visits.length === 0) continue;
    await test.step(`${controls.map((control) => control.requesterKey).join(', ')} reach ${object.key} (positive controls)`, async () => {
      for (const { requesterKey: key } of controls) {
        const viaBrowser = key === audience[0] && rendersInBrowser(route);
        await expectReaches(await pool.get(key), route, contextFor(check, key, object, 'positive-control', false), url, object, viaBrowser);
      }
    });
    await test.step(`${(probes.length === attackers.length ? attackers : probes.map((probe) => probe.attackerKey)).map((key) => key ?? 'anonymous').join(', ')} are refused ${object.key}`, async () => {
      // A page that is the same shell for everyone (its data comes by script): its 2xx over HTTP proves nothing.
      const shell = shellKept && (await isPageShell(await pool.get(audience[0]), contextFor(check, audience[0], object, 'positive-control', false), url, object));
      await mapLimit(probes, 4, async ({ attackerKey: key }) => {
        const exchange = await (await pool.get(key)).request(
          { ...contextFor(check, key, object, 'direct-id', true), channel: 'api' },
          url,
        );
        if (!shell) judgeSuccess(check, key, exchange, object.key);
      });
      await mapLimit(visits, 2, async ({ attackerKey: key }) => {
        const exchanges = await (await pool.get(key)).visit({ ...contextFor(check, key, object, 'direct-id', true), channel: 'ui' }, url.url);
        const main = exchanges.find((exchange) => exchange.request.url.endsWith(url.url));
        if (main && !pageDataRefused(exchanges, main)) judgeSuccess(check, key, main, object.key);
      });
    });
  }
}

/**
 * A role route that answers about the caller (the back-office home, its list of dossiers): a
 * served role sees its own tenant's people through it; any other role is refused.
 */
export async function verifyRoleSelfRoute(check: RoleCheck, requesterKey: string | undefined): Promise<void> {
  const { run, pool, route } = check;
  const requester = await pool.get(requesterKey);
  const role = requesterKey === undefined ? undefined : run.person(requesterKey).role;
  // Anonymous has no ids of its own: it borrows the first usager's, should the path need any.
  const bindings = run.person(requesterKey ?? run.usagers()[0]?.key ?? '').bindings;
  const call = routeCall(route, bindings);
  const url = call.url;

  // Under a budget a requester whose probes are left out (another of its role was asked) sends nothing.
  const step = selfRouteStep(run, route, requesterKey);
  const kept = (key: string | undefined, vector: string): boolean =>
    key !== undefined && keeps(run, key, { family: 'roles', route: route.path, action: route.action, relationship: role ?? 'anonymous', vector });

  if (serves(route, role) && requesterKey !== undefined) {
    if (!kept(step.servedKey, 'own-answer')) return;
    const readable = run.usagers().filter((usager) => run.policy.mayRead(requesterKey, usager.key)).map((usager) => usager.key);
    await test.step(`${requester.name} sees its own tenant through ${route.name} (positive control)`, async () => {
      expect(readable.length, `${requester.name} may read nobody: ${route.path} has no positive control in this population`).toBeGreaterThan(0);
      const exchanges = await fetchThroughChannel(requester, route, selfContext(check, requesterKey, 'positive-control', false), call);
      const seen = exchanges.some((exchange) => exchange.status < 400 && exchange.evidence.some((evidence) => readable.includes(evidence.ownerKey)));
      expect(seen, `positive control failed: ${requester.name} sees none of ${readable.join(', ')} through ${route.channel} ${route.path}`).toBe(true);
    });
    return;
  }

  const shellKept = kept(step.shellKey, 'page-shell');
  const probeKept = kept(step.probeKey, 'direct-id');
  const visitKept = kept(step.visitKey, 'browser-visit');
  if (!probeKept && !visitKept) return;
  await test.step(`${requester.name} (${role ?? 'anonymous'}) is refused ${route.name}`, async () => {
    if (probeKept) {
      const exchange = await requester.request({ ...selfContext(check, requesterKey, 'plain', true), channel: 'api' }, call);
      if (!(shellKept && (await isSelfPageShell(check)))) judgeSuccess(check, requesterKey, exchange, undefined);
    }
    if (visitKept) {
      const exchanges = await requester.visit({ ...selfContext(check, requesterKey, 'plain', true), channel: 'ui' }, url);
      const main = exchanges.find((candidate) => candidate.request.url.endsWith(url));
      if (main && !pageDataRefused(exchanges, main)) judgeSuccess(check, requesterKey, main, undefined);
    }
  });
}

/**
 * Whether a role page about the caller is the same shell for everyone: a served person's own
 * answer over plain HTTP is 2xx yet shows none of the people it may read (its scripts fetch them).
 * Without a served person there is no such proof, and the page is judged by its status as always.
 */
async function isSelfPageShell(check: RoleCheck): Promise<boolean> {
  const { run, pool, route } = check;
  const served = run.state.people.find((person) => serves(route, person.role) && run.usagers().some((usager) => run.policy.mayRead(person.key, usager.key)));
  if (!served) return false;
  const readable = run.usagers().filter((usager) => run.policy.mayRead(served.key, usager.key)).map((usager) => usager.key);
  const exchange = await (await pool.get(served.key)).request({ ...selfContext(check, served.key, 'positive-control', false), channel: 'api' }, routeCall(route, served.bindings));
  return isSuccess(exchange.status) && !exchange.evidence.some((evidence) => readable.includes(evidence.ownerKey));
}

/** A 2xx where a refusal was due: a violation for a role not served, else suspicious; foreign data is already a leak. */
function judgeSuccess(check: RoleCheck, requesterKey: string | undefined, exchange: Exchange, objectKey: string | undefined): void {
  if (!isSuccess(exchange.status)) return;
  const { run, ledger, route } = check;
  const who = `${exchange.identity} (${requesterKey === undefined ? 'anonymous' : run.person(requesterKey).role})`;
  const target = objectKey ?? route.path;
  if (refusalKind(run.policy, route, requesterKey) === 'role-not-served') {
    ledger.record(roleViolation(run, exchange, ledger, `${who} got ${exchange.status} for ${target} on a route for ${(route.roles ?? []).join('/')} only`));
  } else if (exchange.foreign.length === 0) {
    ledger.suspicious(exchange, `${exchange.status} to ${who} for ${target}, outside its tenant`);
  }
}

function contextFor(check: RoleCheck, requesterKey: string | undefined, object: SeededObject, vector: string, expectDenied: boolean): ProbeContext {
  const { run, route } = check;
  return probeContext(run, onRoute(checkName(route), route, vector, expectDenied), { requesterKey, object });
}

function selfContext(check: RoleCheck, requesterKey: string | undefined, vector: string, expectDenied: boolean): ProbeContext {
  const { run, route } = check;
  return probeContext(run, onRoute(checkName(route), route, vector, expectDenied), { relationship: requesterClass(run, requesterKey) });
}
