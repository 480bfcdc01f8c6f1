import { expect, test } from '@playwright/test';
import { cycles, folderGraph, importGraph, sourceFiles } from './source-graph';

/**
 * The harness is layered (docs/architecture.md): each module imports only modules below it, so any
 * of them can be read, tested and changed without the ones above. A cycle is where that broke.
 */
const graph = importGraph(sourceFiles(['src', 'fixtures']));
const production = new Map([...graph].filter(([file]) => !file.endsWith('.test.ts')));

/**
 * The layers, bottom first (docs/architecture.md and the README's layout table say what each
 * holds). A folder imports from its own layer or those below; within a layer, the cycle tests
 * keep the folders apart. The run's middle is a stack of its own: the run's state, then the
 * transport every request waits in (client, limiter, breaker, template sender), the adapter whose
 * hooks send through it, sign-in, provisioning (which signs owners in), the identities, and the
 * global setup and teardown around all of them.
 */
const LAYERS: string[][] = [
  ['src/errors.ts', 'src/util', 'src/cli', 'src/settings', 'src/browser'],
  ['src/profile', 'src/artifacts', 'src/population', 'src/policy', 'src/probes'],
  ['src/oracle'],
  ['src/findings'],
  ['src/run'],
  ['src/transport'],
  ['src/adapter'],
  ['src/sign-in'],
  ['src/provisioning'],
  ['src/session'],
  ['src/lifecycle'],
  ['src/checks'],
  ['src/discovery'],
  ['src/attacks'],
  ['fixtures'],
  ['src/report', 'src/gate', 'src/bench', 'src/doctor', 'src/init', 'src/schemas.ts'],
];

function layerOf(node: string): number {
  return LAYERS.findIndex((layer) => layer.some((entry) => node === entry || node.startsWith(`${entry}/`)));
}

test('no module imports itself back through others (src/ and fixtures/, type imports included)', () => {
  expect(cycles(graph)).toEqual([]);
});

test('no folder imports itself back through others', () => {
  expect(cycles(folderGraph(production))).toEqual([]);
});

test('each folder has a layer, and imports only from its own layer or those below it', () => {
  const folders = folderGraph(production);
  expect([...folders.keys()].filter((folder) => layerOf(folder) < 0), 'folders missing from LAYERS').toEqual([]);
  const upward = [...folders].flatMap(([folder, targets]) => targets.filter((target) => layerOf(target) > layerOf(folder)).map((target) => `${folder} -> ${target}`));
  expect(upward).toEqual([]);
});

test('the cycle finder sees a cycle, through a folder as through a file', () => {
  const knot = new Map([
    ['src/a/one.ts', ['src/b/two.ts']],
    ['src/b/two.ts', ['src/a/three.ts']],
    ['src/a/three.ts', []],
  ]);
  expect(cycles(knot)).toEqual([]);
  expect(cycles(folderGraph(knot))).toEqual([['src/a', 'src/b']]);
  knot.set('src/a/three.ts', ['src/a/one.ts']);
  expect(cycles(knot)).toEqual([['src/a/one.ts', 'src/a/three.ts', 'src/b/two.ts']]);
});
