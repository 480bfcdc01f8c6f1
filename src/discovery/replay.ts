import { expect, test } from '@playwright/test';
import { isSuccess } from '../checks/controls';
import { probeContext, resourceOf } from '../checks/probe-context';
import { runtimeKeeps } from '../checks/run-plan';
import type { PlannedProbe } from '../probes/probe-order';
import { neighbourIds, objectVectors, type Vector } from '../probes/vectors';
import type { ObjectKind, RouteSpec } from '../profile/types';
import type { RunContext, SeededObject } from '../run/context';
import type { Exchange, ExchangeSink, ProbeContext } from '../session/exchange';
import type { IdentityPool } from '../session/pool';
import { mapLimit } from '../util/concurrency';
import { fill } from '../util/template';
import { nearIdentical } from './compare';
import type { CoverageLog } from './coverage';
import { crawl } from './crawl';
import { bindingsMatching, chooseBinding } from './ids';
import { asSent, keyOf, SAFE, targetsOf, type Target } from './replay-targets';
import { inferShape, routeKey, type Tie } from './templates';

export interface DiscoveryCheck {
  run: RunContext;
  pool: IdentityPool;
  ledger: ExchangeSink;
  coverage: CoverageLog;
}

const KINDS: ObjectKind[] = ['piece', 'dossier', 'usager'];
const LANES = 4;
const EXCERPT = 240;

/**
 * Autorize, automated: crawl the portal as the owner, turn what the browser requested (and what its
 * scripts could request) into route templates tied to the owner's objects, then replay each one as
 * every identity the policy forbids, and as nobody, with id mutations.
 */
export async function verifyReplaysOf(check: DiscoveryCheck, ownerKey: string): Promise<void> {
  const { run, pool } = check;
  const owner = await pool.get(ownerKey);
  const origin = new URL(run.target.baseURL).origin;
  const start = run.profile.startPages ?? [];
  if (start.length === 0) throw new Error(`profile ${run.profile.name} declares no startPages: discovery has nowhere to start`);
  const objects = KINDS.flatMap((kind) => run.objectsOf(ownerKey, kind));
  const preference = [...KINDS.map((kind) => run.profile.ids[kind]), ...new Set(objects.flatMap((object) => Object.keys(object.bindings)))];
  const tie: Tie = (value, hint) => chooseBinding(bindingsMatching(value, objects.map((object) => object.bindings)), hint, preference);

  const crawled = await test.step(`crawl the portal as ${ownerKey} from ${start.join(', ')}`, () =>
    crawl(owner, start, origin, probeContext(run, { check: 'discovery/crawl', routeTemplate: start.join(', '), vector: 'crawl', channel: 'ui' }), (url) => routeKey(inferShape('GET', url, tie).path)),
  );
  const targets = await test.step(`turn ${ownerKey}'s requests into route templates`, () => targetsOf(run, check.coverage, ownerKey, objects, crawled, tie, preference));
  const baselines = new Map<string, Exchange>();

  await test.step(`${ownerKey} replays its own requests (positive controls)`, async () => {
    await mapLimit(targets, LANES, async (target) => {
      baselines.set(keyOf(target), await owner.request(contextOf(run, target, ownerKey, 'positive-control', false, 'view'), asSent(target)));
    });
    const proven = targets.filter((target) => target.object && provesOwner(baselines.get(keyOf(target)), ownerKey));
    expect(
      proven.length,
      `positive control failed: crawling as ${ownerKey} from ${start.join(', ')} found no request that reaches ${ownerKey}'s own objects ` +
        `(${targets.length} requests: ${targets.map((target) => target.template).join(', ') || 'none'}): replays would prove nothing`,
    ).toBeGreaterThan(0);
  });

  const others = run.identities().filter((key) => key !== ownerKey);
  const probes = others.flatMap((key) => targets.flatMap((target) => replayProbes(run, target, ownerKey, key, baselines.get(keyOf(target)))));
  // Planned once the crawl has said what there is: under a probe budget each template meets each
  // class once, and each id spelling once by the nearest class (a route that reads `042` as 42
  // past its owner check is one route's flaw); the rest is counted as skipped (src/checks/run-plan.ts).
  const keep = runtimeKeeps(run, probes.map((probe) => probe.planned), { everyVectorOnce: true });
  await test.step(`${others.map((key) => key ?? 'anonymous').join(', ')} replay ${ownerKey}'s ${targets.length} requests`, async () => {
    await mapLimit(others, LANES, async (key) => {
      for (const probe of probes) if (probe.requesterKey === key && keep(probe.planned)) await replay(check, probe, ownerKey, baselines.get(keyOf(probe.target)));
    });
  });
}

/** One request an identity replays, with the budget's view of it. */
interface ReplayProbe {
  requesterKey: string | undefined;
  target: Target;
  vector: DiscoveryVector;
  action: string;
  planned: PlannedProbe;
}

/** What one identity replays of one of the owner's requests: every vector that fits it. */
function replayProbes(run: RunContext, target: Target, ownerKey: string, requesterKey: string | undefined, baseline: Exchange | undefined): ReplayProbe[] {
  const action = actionOf(baseline);
  const object = target.object;
  const probe = (vector: DiscoveryVector, relationship: string, rank: number): ReplayProbe => ({
    requesterKey,
    target,
    vector,
    action,
    planned: { key: `discovery|${ownerKey}|${requesterKey ?? 'anonymous'}|${keyOf(target)}|${vector.name}|${vector.method} ${vector.url}`, family: 'discovery', route: target.template, action, relationship, vector: vector.name, depth: 0, rank },
  });
  // A request that names none of the owner's objects (a home page, a script) answers about the
  // requester itself: only someone else's canary in it would be wrong.
  if (!object) return [probe({ name: 'replay', ...asSent(target), expectDenied: false }, requesterKey === undefined ? 'anonymous' : run.person(requesterKey).role, 0)];
  if (requesterKey !== undefined && run.policy.mayRead(requesterKey, object.ownerKey)) return [];
  const relationship = run.policy.relationship(requesterKey, object.ownerKey);
  return vectorsFor(run, target, object, requesterKey).map((vector, rank) => probe(vector, relationship, rank));
}

/** One identity replays one of the owner's requests with one vector. */
async function replay(check: DiscoveryCheck, probe: ReplayProbe, ownerKey: string, baseline: Exchange | undefined): Promise<void> {
  const { run, pool, ledger, coverage } = check;
  const { requesterKey, target, vector, action } = probe;
  const requester = await pool.get(requesterKey);
  const object = target.object;
  if (!object) {
    await requester.request(contextOf(run, target, requesterKey, 'replay', false, action), asSent(target));
    coverage.probed(target.template, requester.name, 'replay');
    return;
  }
  const aim: Aim = vector.neighbour ? { victimKey: vector.neighbour.ownerKey } : { victimKey: object.ownerKey, object };
  const context = contextOf(run, target, requesterKey, vector.name, vector.expectDenied, action, aim);
  const exchange = await requester.request(context, { method: vector.method, url: vector.url, headers: vector.headers, ...(vector.data !== undefined ? { data: vector.data } : {}) });
  coverage.probed(target.template, requester.name, vector.name);
  if (!vector.expectDenied || !isSuccess(exchange.status) || exchange.foreign.length > 0 || vector.method !== 'GET') return;
  // A neighbour's answer is not the owner's: only its canaries can tell.
  if (vector.neighbour || !baseline || !provesOwner(baseline, ownerKey)) return;
  const comparison = nearIdentical(baseline.text, factsOf(run, ownerKey), exchange.text, factsOf(run, requesterKey));
  if (comparison.same) {
    ledger.suspicious(
      exchange,
      `${exchange.status} to ${requester.name} for ${object.key} on a discovered route, near-identical (${comparison.score.toFixed(2)}) to what ${ownerKey} got once ` +
        `their own name, tokens and timestamps are set aside. ${ownerKey} got: «${excerpt(baseline.text)}» ${requester.name} got: «${excerpt(exchange.text)}»`,
    );
  }
}

/** A vector aimed at an id next to the owner's: someone else's object, or one nobody seeded. */
type DiscoveryVector = Vector & { neighbour?: { ownerKey?: string } };

/** The vectors of the object checks, on a discovered route, plus ids next to the owner's. */
function vectorsFor(run: RunContext, target: Target, object: SeededObject, requesterKey: string | undefined): DiscoveryVector[] {
  // A read-only POST (a search, a summary) is replayed as the owner sent it, body and all; a search
  // that finds nothing of the requester's may well answer 200, so only the owner's markers tell.
  if (target.body) return [{ name: 'replay', ...asSent(target), expectDenied: false }];
  if (!target.allVectors) return [{ name: 'replay', method: 'GET', url: target.url, expectDenied: true }];
  const idBinding = run.profile.ids[object.kind];
  const route: RouteSpec = { name: 'discovered', action: 'view', channel: 'api', object: object.kind, method: 'GET', path: target.shape.path };
  const victim = { ...object.bindings, ...target.shape.values };
  const own = run.reachableObject(requesterKey, object.kind);
  const vectors: DiscoveryVector[] = objectVectors(route, victim, own ? { ...target.shape.values, ...own.bindings } : undefined, { id: idBinding, files: run.profile.bindings?.files ?? [] })
    // Unsafe methods may write: a replay never sends one (method override is the object checks' job).
    .filter((vector) => SAFE.has(vector.method))
    .map((vector) => (vector.name === 'direct-id' ? { ...vector, name: 'replay' } : vector));
  const victimId = Number(object.bindings[idBinding]);
  if (target.shape.path.includes(`{${idBinding}}`) && Number.isInteger(victimId)) {
    const known = new Set(run.allObjects(object.kind).map((item) => Number(item.bindings[idBinding])).filter(Number.isInteger));
    for (const id of neighbourIds([victimId], known)) {
      const neighbourOwner = run.ownerOfId(object.kind, String(id));
      if (neighbourOwner === object.ownerKey) continue;
      if (requesterKey !== undefined && neighbourOwner !== undefined && run.policy.mayRead(requesterKey, neighbourOwner)) continue;
      vectors.push({ name: 'neighbour-id', method: 'GET', url: fill(target.shape.path, { ...victim, [idBinding]: id }, encodeURIComponent), expectDenied: true, neighbour: { ownerKey: neighbourOwner } });
    }
  }
  return vectors;
}

/** Whom a probe aims at: by default the owner's object the request names. */
interface Aim {
  victimKey?: string;
  object?: SeededObject;
}

function contextOf(run: RunContext, target: Target, requesterKey: string | undefined, vector: string, expectDenied: boolean, action: string, aim: Aim = { victimKey: target.object?.ownerKey, object: target.object }): ProbeContext {
  const { victimKey, object } = aim;
  // Without a victim, the object asked for is none the run seeded.
  const relationship = victimKey !== undefined ? undefined : requesterKey === undefined ? 'anonymous' : 'unknown-object';
  return probeContext(run, { check: `discovery/${action}`, routeTemplate: target.template, vector, channel: 'api', expectDenied }, { requesterKey, victimKey, relationship, ...(object ? { resource: resourceOf(run, object) } : {}) });
}


/** What the owner's answer was, named like the object checks' actions (it titles the finding). */
export function actionOf(baseline: Exchange | undefined): string {
  if (!baseline) return 'view';
  const disposition = baseline.headers['content-disposition'] ?? '';
  const type = baseline.contentType ?? '';
  if (/zip/i.test(type)) return 'export';
  if (/^\s*attachment/i.test(disposition)) return 'download';
  if (/^\s*inline/i.test(disposition)) return 'preview';
  if (/json/i.test(type)) return baseline.text.trimStart().startsWith('[') ? 'list' : 'metadata';
  return 'view';
}

function provesOwner(exchange: Exchange | undefined, ownerKey: string): boolean {
  return exchange !== undefined && isSuccess(exchange.status) && exchange.evidence.some((evidence) => evidence.ownerKey === ownerKey);
}

/** What a requester's own answers say about itself (its name in the header), set aside before comparing. */
function factsOf(run: RunContext, key: string | undefined): string[] {
  if (key === undefined) return [];
  const person = run.person(key);
  return [person.email, `${person.prenom} ${person.nom}`, person.prenom, person.nom];
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}
