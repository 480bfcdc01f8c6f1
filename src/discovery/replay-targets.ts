import type { RunContext, SeededObject } from '../run/context';
import { fill } from '../util/template';
import type { CoverageLog, Source } from './coverage';
import { isDestructive } from './controls';
import type { CrawlResult } from './crawl';
import { inferShape, learnSegments, rankBindings, renamePlaceholders, templateMatches, type RouteShape, type Tie } from './templates';

/** The methods a replay sends: never one that may write. */
export const SAFE = new Set(['GET', 'HEAD']);

/** One concrete request to replay: its route shape and, when its ids are the owner's, that object. */
export interface Target {
  shape: RouteShape;
  url: string;
  source: Source;
  object?: SeededObject;
  /** Only the first request of a template gets every vector; its siblings are replayed as they are. */
  allVectors: boolean;
}

/**
 * The owner's crawl as requests to replay: what the browser requested, and what its pages and
 * scripts could request filled with the owner's ids. Each is noted in the coverage, probed or not.
 */
export function targetsOf(run: RunContext, coverage: CoverageLog, ownerKey: string, objects: readonly SeededObject[], crawled: CrawlResult, tie: Tie, preference: readonly string[]): Promise<Target[]> {
  const targets = new Map<string, Target>();
  const seenTemplates = new Set<string>();
  const add = (shape: RouteShape, url: string, source: Source): void => {
    coverage.discovered(shape.template, source, ownerKey);
    if (isDestructive({ text: '', url })) {
      coverage.notProbed(shape.template, 'its URL reads like a logout or a deletion: never sent');
      return;
    }
    if (!SAFE.has(shape.method)) {
      coverage.notProbed(shape.template, `${shape.method}: discovery replays safe methods only (writes belong to the write-side checks)`);
      return;
    }
    if (targets.has(url)) return;
    const allVectors = !seenTemplates.has(shape.template);
    seenTemplates.add(shape.template);
    targets.set(url, { shape, url, source, object: objectOf(run, shape, objects), allVectors });
  };

  const shapes = crawled.requests.map((request) => ({ request, shape: inferShape(request.method, request.url, tie, request.body ? { text: request.body, contentType: request.contentType } : undefined) }));
  for (const { request, shape } of shapes) add(shape, request.url, request.source);

  // What the scripts and pages could ask for, beyond what was clicked.
  const learned = learnSegments(shapes.map((item) => item.shape));
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
    const ranked = rankBindings(found.path, found.variables, learned, available, preference);
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
  return Promise.resolve([...targets.values()]);
}

/** The owner's object a request addresses: the one whose ids fill every tied slot, its own id among them. */
function objectOf(run: RunContext, shape: RouteShape, objects: readonly SeededObject[]): SeededObject | undefined {
  const tied = shape.slots.filter((slot) => slot.binding !== undefined);
  if (tied.length === 0) return undefined;
  const matching = objects.filter((object) => tied.every((slot) => String(object.bindings[slot.binding ?? '']) === slot.value));
  const names = new Set(tied.map((slot) => slot.binding));
  return matching.find((object) => names.has(run.profile.ids[object.kind])) ?? matching[0];
}

