import { callFor } from '../checks/self-access';
import { rendersInBrowser, tryReach } from '../checks/controls';
import { onRoute, probeContext } from '../checks/probe-context';
import { roleAudience, serves } from '../checks/roles-plan';
import type { Evidence } from '../findings/types';
import { routeCall } from '../profile/route';
import type { RouteSpec } from '../profile/types';
import type { RunContext } from '../run/context';
import type { IdentityPool } from '../session/pool';
import { MissingBindingError, placeholdersOf, type Bindings } from '../util/template';
import { markersOf, mainExchange, placeholderField, routeDiagnosis } from './diagnose';
import type { DoctorRow } from './rows';

/** One route's positive control, as its owner (or the first of the role it serves who may read the owner). */
export async function positiveControl(run: RunContext, pool: IdentityPool, index: number, route: RouteSpec): Promise<DoctorRow> {
  const subject = `routes[${index}] ${route.name} (${route.method} ${route.path})`;
  const owner = run.usagers().find((usager) => run.state.documents.some((document) => document.ownerKey === usager.key));
  if (!owner) return { subject, got: '-', problem: 'the population has no usager with documents', field: 'provisioning' };
  let controller: string | undefined;
  let bindings: Bindings;
  let proves: (evidence: Evidence) => boolean;
  let what: string;
  let call;
  try {
    if (route.object !== 'self') {
      const object = run.objectsOf(owner.key, route.object)[0];
      if (!object) return { subject, got: '-', problem: `${owner.key} has no ${route.object}`, field: `routes[${index}].object` };
      controller = route.roles ? roleAudience(run.policy, route, owner.key)[0] : owner.key;
      bindings = object.bindings;
      proves = (evidence) => object.proves(evidence);
      what = object.key;
      call = routeCall(route, bindings);
    } else if (route.roles && !serves(route, 'usager')) {
      const readableBy = (key: string): string[] => run.usagers().filter((usager) => run.policy.mayRead(key, usager.key)).map((usager) => usager.key);
      controller = run.state.people.find((person) => serves(route, person.role) && readableBy(person.key).length > 0)?.key;
      const readable = controller ? readableBy(controller) : [];
      bindings = controller ? run.person(controller).bindings : {};
      proves = (evidence) => readable.includes(evidence.ownerKey);
      what = `the people ${controller ?? 'it'} may read`;
      call = routeCall(route, bindings);
    } else {
      controller = owner.key;
      const own = run.state.documents.find((document) => document.ownerKey === owner.key);
      bindings = owner.bindings;
      proves = (evidence) => evidence.ownerKey === owner.key;
      what = `${owner.key}'s own data`;
      call = callFor(route, own, undefined, owner.bindings);
    }
  } catch (error) {
    if (!(error instanceof MissingBindingError)) throw error;
    const name = /\{([^}|]+)/.exec(error.message)?.[1] ?? '';
    return { subject, got: 'not sent', problem: `{${name}} is filled by no binding of ${owner.key}'s ${route.object}`, field: placeholderField(`routes[${index}]`, route, name) };
  }
  if (!controller) {
    return { subject, got: '-', problem: `nobody of role ${(route.roles ?? []).join('/')} may read ${owner.key} under the policy: no positive control`, field: route.roles ? `routes[${index}].roles` : 'policy.read' };
  }
  const identity = await pool.get(controller);
  const context = probeContext(run, onRoute('doctor/positive-control', route, 'positive-control'), { requesterKey: controller, victimKey: owner.key });
  const { reached, exchanges } = await tryReach(identity, route, context, call, { proves }, rendersInBrowser(route) ? undefined : false);
  const main = mainExchange(exchanges, call.url);
  const ids = [...new Set(placeholdersOf(route.path))].map((name) => `${name}=${String(bindings[name] ?? '')}`).join(' ');
  const evidence = exchanges.filter((exchange) => exchange.status < 400).flatMap((exchange) => exchange.evidence);
  const got = `${controller}: ${exchanges.map((exchange) => exchange.status).slice(0, 4).join(',') || 'no answer'}${ids ? ` · ${ids}` : ''} · ${markersOf(evidence.filter(proves).length > 0 ? evidence.filter(proves) : evidence)}`;
  if (reached) return { subject, got };
  return { subject, got, ...routeDiagnosis(index, route, main, evidence.filter((item) => item.ownerKey === owner.key), what) };
}
