import { test } from '@playwright/test';
import { isSuccess } from '../checks/controls';
import { probeContext } from '../checks/probe-context';
import { runtimeKeeps } from '../checks/run-plan';
import type { PlannedProbe } from '../probes/probe-order';
import { withQuery } from '../probes/vectors';
import type { RouteSpec } from '../profile/types';
import type { ProbeContext } from '../session/exchange';
import { fill } from '../util/template';
import type { AttackCheck } from './substitution';

/**
 * What a list is also asked for, beyond its first page and its pages of one item (onePerPage):
 * later pages under other parameter names, sizes no page should grant, offset and limit edge values, and the
 * relation expansions ORMs and API frameworks answer. Names are the common ones of REST APIs.
 */
export const LIST_VARIANTS: readonly (readonly [string, Record<string, string>])[] = [
  ['page 2 per_page 1', { page: '2', per_page: '1' }],
  ['page 2 pageSize 1', { page: '2', pageSize: '1' }],
  ['page 2 size 1', { page: '2', size: '1' }],
  ['page 2', { page: '2' }],
  ['offset 1 limit 1', { offset: '1', limit: '1' }],
  ['skip 1 take 1', { skip: '1', take: '1' }],
  ['limit huge', { limit: '100000' }],
  ['per_page huge', { per_page: '100000' }],
  ['pageSize huge', { pageSize: '100000' }],
  ['size huge', { size: '100000' }],
  ['limit 0', { limit: '0' }],
  ['limit -1', { limit: '-1' }],
  ['offset -1', { offset: '-1' }],
  ['offset huge', { offset: '99999999' }],
  ['page 0', { page: '0' }],
  ['page -1', { page: '-1' }],
  ['include *', { include: '*' }],
  ['expand *', { expand: '*' }],
  ['populate *', { populate: '*' }],
  ['fields *', { fields: '*' }],
  ['include all', { include: 'all' }],
  ['expand relations', { expand: 'usager,dossier,owner,user,pieces,files' }],
];

/**
 * A list or search route, as one requester: its plain answer first (positive control), then every
 * variant; whatever the status, nothing of anyone the requester may not read may come back.
 */
export async function verifyListOverFetch(check: AttackCheck, route: RouteSpec, requesterKey: string): Promise<void> {
  const { pool, coverage } = check;
  const requester = await pool.get(requesterKey);
  const url = listUrl(check, route, requesterKey);
  if (url === undefined) {
    coverage.nothingToTry(route.path, `${requesterKey} has no ${route.object} of its own to list`);
    return;
  }
  const context = (vector: string, action: string = route.action): ProbeContext => probeContext(check.run, { check: `pages/${action}`, routeTemplate: route.path, vector, channel: 'api' });
  const plain = await requester.request(context('positive-control', 'positive-control'), { method: 'GET', url });
  if (!isSuccess(plain.status)) {
    coverage.nothingToTry(route.path, `${plain.status} to ${requesterKey}'s plain request: no list to page through`);
    return;
  }
  const pages = onePerPage(check, requesterKey);
  const variants = [...pages, ...LIST_VARIANTS];
  // Under a probe budget (CLOISON_MAX_PROBES) every size, offset and expansion is a unit of its own
  // (each catches a different paginator), while of the pages of one item the last, past every row
  // the requester may read, is the one that must show someone else's row if the filter is dropped.
  const role = check.run.person(requesterKey).role;
  const planned = variants.map(([name], index): PlannedProbe => {
    const page = index < pages.length;
    return { key: `pages|${route.path}|${requesterKey}|${name}`, family: 'pages', route: route.path, action: route.action, relationship: role, vector: name, depth: 0, rank: page ? pages.length - 1 - index : 0, unit: `pages ${route.path} ${role} ${page ? 'one per page' : name}` };
  });
  const keep = runtimeKeeps(check.run, planned);
  await test.step(`${requesterKey}: ${variants.length} page, size and expansion variants of ${route.path}`, async () => {
    for (const [index, [name, params]] of variants.entries()) {
      if (!keep(planned[index] as PlannedProbe)) {
        coverage.skipped(route.path, name);
        continue;
      }
      const variant = Object.entries(params).reduce((current, [key, value]) => withQuery(current, key, value), url);
      await requester.request(context(name), { method: 'GET', url: variant });
      coverage.tried(route.path, requester.name, name);
    }
  });
}

/** Pages of one item past page 1, at most this many (a requester who may read more is still probed). */
const MAX_SINGLE_PAGES = 12;

/**
 * Pages 2, 3, … of one item each, one more than the seeded objects the requester may read: a list
 * that drops its filter after page 1 pages over the whole table, and its first rows may all be the
 * requester's own (then pages 2 and 3 alone show nothing foreign); past as many rows as the
 * requester may read, one row at least is someone else's.
 */
function onePerPage(check: AttackCheck, requesterKey: string): (readonly [string, Record<string, string>])[] {
  const { run } = check;
  const readable = (['piece', 'dossier'] as const).reduce((count, kind) => count + run.allObjects(kind).filter((object) => run.policy.mayRead(requesterKey, object.ownerKey)).length, 0);
  const last = 2 + Math.min(Math.max(readable, 1), MAX_SINGLE_PAGES);
  return Array.from({ length: last - 1 }, (_, index) => [`page ${index + 2} of 1`, { page: String(index + 2), limit: '1' }] as const);
}

/** The route filled for the requester: its own object for an object list, its own words for a search. */
function listUrl(check: AttackCheck, route: RouteSpec, requesterKey: string): string | undefined {
  const { run } = check;
  const person = run.person(requesterKey);
  if (route.object === 'self') {
    const document = run.state.documents.find((item) => item.ownerKey === requesterKey) ?? run.state.documents.find((item) => run.policy.mayRead(requesterKey, item.ownerKey));
    const term = route.queries?.[0] ?? '{canary}';
    const query = document ? fill(term, { titleWord: document.titre.split(/\s+/)[0] ?? document.titre, canary: document.canary }) : '';
    try {
      return fill(route.path, { ...person.bindings, query }, encodeURIComponent);
    } catch {
      return undefined;
    }
  }
  const object = run.reachableObject(requesterKey, route.object);
  return object ? fill(route.path, object.bindings, encodeURIComponent) : undefined;
}
