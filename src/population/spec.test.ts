import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generatePopulation } from './generate';
import { loadPopulationSpec } from './spec';

const RUN = { seed: 7, runId: 'SPEC01' };
const dir = mkdtempSync(join(tmpdir(), 'cloison-spec-'));

function seedsFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const VALID = { mdph: ['075', '013'], usagersPerMdph: 2, representatives: 1, agentsPerMdph: 1, piecesPerUsager: { min: 2, max: 3 } };

test.describe('loadPopulationSpec', () => {
  test('loads the default seeds file', () => {
    const spec = loadPopulationSpec('seeds/default.json', RUN);
    expect(spec).toEqual({ ...RUN, mdph: ['075', '013'], usagersPerMdph: 3, representatives: 1, agentsPerMdph: 1, piecesPerUsager: { min: 3, max: 5 } });
  });

  for (const n of [4, 8, 16, 32]) {
    test(`bench-${n} seeds ${n} usagers with 5 pièces each`, async () => {
      const spec = loadPopulationSpec(`seeds/bench-${n}.json`, RUN);
      expect(spec.mdph).toHaveLength(2);
      const p = await generatePopulation(spec);
      expect(p.people.filter((x) => x.role === 'usager')).toHaveLength(n);
      expect(p.documents).toHaveLength(n * 5);
    });
  }

  const bad: [string, unknown, RegExp][] = [
    ['unknown field', { ...VALID, usagers: 3 }, /"usagers"/],
    ['missing field', { ...VALID, agentsPerMdph: undefined }, /"agentsPerMdph"/],
    ['wrong type', { ...VALID, usagersPerMdph: '3' }, /"usagersPerMdph"/],
    ['bad MDPH code', { ...VALID, mdph: ['075', 'PARIS'] }, /"mdph\[1\]"/],
    ['nested unknown field', { ...VALID, piecesPerUsager: { min: 1, max: 2, avg: 1 } }, /"piecesPerUsager\.avg"/],
    ['cross-field rule', { ...VALID, piecesPerUsager: { min: 3, max: 2 } }, /"piecesPerUsager\.max"/],
    ['seed in the file', { ...VALID, seed: 1 }, /"seed"/],
  ];
  for (const [name, content, field] of bad) {
    test(`rejects ${name}, naming the file and the field`, () => {
      const file = seedsFile(`${name.replaceAll(' ', '-')}.json`, content);
      expect(() => loadPopulationSpec(file, RUN)).toThrow(field);
      expect(() => loadPopulationSpec(file, RUN)).toThrow(file);
    });
  }

  test('rejects a bad runId from the run, naming the field', () => {
    expect(() => loadPopulationSpec('seeds/default.json', { seed: 1, runId: 'bad id' })).toThrow(/seeds\/default\.json.*"runId"/);
  });

  test('reports unreadable JSON with the file name', () => {
    const file = seedsFile('broken.json', '{ "mdph": [');
    expect(() => loadPopulationSpec(file, RUN)).toThrow(/broken\.json: population spec cannot be read/);
  });
});
