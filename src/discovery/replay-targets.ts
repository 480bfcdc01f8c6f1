import { readOnlyDeclaration } from '../profile/read-only';
import type { RunContext, SeededObject } from '../run/context';
import { fill } from '../util/template';
import type { CoverageLog, Source } from './coverage';
import { isDestructive } from './controls';
import type { CrawlResult, RecordedRequest } from './crawl';
import { inferShape, learnSegments, rankBindings, renamePlaceholders, templateMatches, templateWithBody, type RouteShape, type Tie } from './templates';

/** One concrete request to replay: its route shape and, when its ids are the owner's, that object. */
export interface Target {
  shape: RouteShape;
  /** What coverage and findings name: the shape's template, with the body's id positions. */
  template: string;
  url: string;
  /** A read-only request with a body (a search sent as POST): replayed with that body, as it was. */
  body?: { method: string; text?: string; contentType?: string };
  source: Source;
  object?: SeededObject;
  /** Only the first request of a template gets every vector; its siblings are replayed as they are. */
  allVectors: boolean;
}

/** The methods a replay sends without a declaration: never one that may write. */
export const SAFE = new Set(['GET', 'HEAD']);

/** A request is its method, URL and body: two searches of one route with two bodies are two targets. */
export const keyOf = (target: Pick<Target, 'url' | 'body'>): string => (target.body ? `${target.body.method} ${target.url} ${target.body.text ?? ''}` : target.url);

/** The request as the owner's browser sent it: a GET, or a read-only request with its body. */
export function asSent(target: Target): { method: string; url: string; headers?: Record<string, string>; data?: string } {
  const body = target.body;
  if (!body) return { method: 'GET', url: target.url };
  return {
    method: body.method,
    url: target.url,
    ...(body.text !== undefined ? { data: body.text, ...(body.contentType ? { headers: { 'content-type': body.contentType } } : {}) } : {}),
  };
}

/**
 * The owner's crawl as requests to replay: what the browser requested, and what its pages and
 * scripts could request filled with the owner's ids. Each is noted in the coverage, probed or not.
 */
export function targetsOf(run: RunContext, coverage: CoverageLog, ownerKey: string, objects: readonly SeededObject[], crawled: CrawlResult, tie: Tie, preference: readonly string[]): Promise<Target[]> {
  const targets = new Map<string, Target>();
  const seenTemplates = new Set<string>();
  const add = (shape: RouteShape, url: string, source: Source, recorded?: RecordedRequest): void => {
    const safe = SAFE.has(shape.method);
    const declaration = readOnlyDeclaration(run.profile, { method: shape.method, url });
    // Only a request that is replayed is named with its body's positions: the others keep the
    // names earlier runs listed them under.
    const template = declaration !== undefined && !safe ? templateWithBody(shape) : shape.template;
    coverage.discovered(template, source, ownerKey);
    const refused = refusal(shape.method, url, safe, declaration, recorded);
    if (refused) {
      coverage.notProbed(template, refused);
      return;
    }
    const body = safe ? undefined : { method: shape.method, text: recorded?.body, contentType: recorded?.contentType };
    if (targets.has(keyOf({ url, body }))) return;
    const allVectors = !seenTemplates.has(template);
    seenTemplates.add(template);
    targets.set(keyOf({ url, body }), { shape, template, url, ...(body ? { body } : {}), source, object: objectOf(run, shape, objects), allVectors });
  };

  const shapes = crawled.requests.map((request) => ({ request, shape: inferShape(request.method, request.url, tie, request.body ? { text: request.body, contentType: request.contentType } : undefined) }));
  for (const { request, shape } of shapes) add(shape, request.url, request.source, request);
  addScriptRequests({ coverage, ownerKey, objects, crawled, tie, preference, learned: learnSegments(shapes.map((item) => item.shape)) }, add);
  return Promise.resolve([...targets.values()]);
}

/** Why a request is never replayed (coverage says so), or undefined when it may be. */
function refusal(method: string, url: string, safe: boolean, declaration: string | undefined, recorded: RecordedRequest | undefined): string | undefined {
  if (isDestructive({ text: '', url })) return 'its URL reads like a logout or a deletion: never sent';
  if (declaration === undefined) return `${method}: may write (the profile declares it neither in readOnly nor in routes): never replayed; writes belong to the write-side checks`;
  if (!safe && recorded?.sent !== true) return `${method}: read-only (${declaration}), but only seen as a form the crawler did not submit: its body is unknown`;
  return undefined;
}

interface ScriptScope {
  coverage: CoverageLog;
  ownerKey: string;
  objects: readonly SeededObject[];
  crawled: CrawlResult;
  tie: Tie;
  preference: readonly string[];
  learned: ReturnType<typeof learnSegments>;
}

/** What the scripts and pages could ask for, beyond what was clicked, filled with the owner's ids. */
function addScriptRequests(scope: ScriptScope, add: (shape: RouteShape, url: string, source: Source) => void): void {
  const { coverage, ownerKey, objects, crawled, tie } = scope;
  const available = [...new Set(objects.flatMap((object) => Object.keys(object.bindings)))];
  const recordedPaths = crawled.requests.map((request) => request.url);
  for (const found of crawled.found) {
    if (found.variables.length === 0 && !found.path.includes('{')) {
      add(inferShape('GET', found.path, tie), found.path, 'script');
      continue;
    }
    const known = recordedPaths.find((path) => templateMatches(found.path, path));
    if (known !== undefined) {
      coverage.discovered(inferShape('GET', known, tie).template, 'script', ownerKey);
      continue;
    }
    const ranked = rankBindings(found.path, found.variables, scope.learned, available, scope.preference);
    const choice = ranked.map((candidates) => candidates[0]);
    if (choice.some((binding) => binding === undefined)) {
      const template = `GET ${found.path}`;
      coverage.discovered(template, 'script', ownerKey);
      coverage.notProbed(template, 'none of the owner\'s seeded ids fits its variable parts');
      continue;
    }
    const path = renamePlaceholders(found.path, choice as string[]);
    const filled = new Set<string>();
    for (const object of objects) {
      try {
        filled.add(fill(path, object.bindings, encodeURIComponent));
      } catch {
        // This object lacks one of the bindings: another kind of object fills it.
      }
    }
    for (const url of filled) add(inferShape('GET', url, tie), url, 'script');
  }
}

/** The owner's object a request addresses: the one whose ids fill every tied slot, its own id among them. */
function objectOf(run: RunContext, shape: RouteShape, objects: readonly SeededObject[]): SeededObject | undefined {
  const tied = shape.slots.filter((slot) => slot.binding !== undefined);
  if (tied.length === 0) return undefined;
  const matching = objects.filter((object) => tied.every((slot) => String(object.bindings[slot.binding ?? '']) === slot.value));
  const names = new Set(tied.map((slot) => slot.binding));
  return matching.find((object) => names.has(run.profile.ids[object.kind])) ?? matching[0];
}
