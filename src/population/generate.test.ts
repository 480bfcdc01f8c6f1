import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { PNG_CANARY_KEYWORD } from '../artifacts/png';
import { makePassword } from './credentials';
import { generatePopulation } from './generate';
import { nirKeyIsValid } from './nir';
import type { Population, PopulationSpec } from './types';

const SPEC: PopulationSpec = {
  seed: 20260115,
  runId: 'T3ST01',
  mdph: ['075', '013', '2A'],
  usagersPerMdph: 3,
  representatives: 2,
  agentsPerMdph: 2,
  piecesPerUsager: { min: 3, max: 6 },
};

/** Everything that must be identical between two generations, bytes hashed. */
function fingerprint(p: Population): string {
  const docs = p.documents.map(({ bytes, ...d }) => ({ ...d, bytesSha: createHash('sha256').update(bytes).digest('hex') }));
  return JSON.stringify({ spec: p.spec, people: p.people, docs });
}

test.describe('generatePopulation', () => {
  test('same spec gives a byte-identical population', async () => {
    const started = performance.now();
    const a = await generatePopulation(SPEC);
    test.info().annotations.push({ type: 'timing', description: `generation: ${(performance.now() - started).toFixed(1)} ms` });
    const b = await generatePopulation(structuredClone(SPEC));
    expect(fingerprint(b)).toBe(fingerprint(a));
    for (const d of a.documents) expect(createHash('sha256').update(d.bytes).digest('hex')).toBe(d.sha256);
  });

  test('a different seed gives different people', async () => {
    const a = await generatePopulation(SPEC);
    const b = await generatePopulation({ ...SPEC, seed: SPEC.seed + 1 });
    expect(b.people.map((p) => p.nom + p.prenom)).not.toEqual(a.people.map((p) => p.nom + p.prenom));
  });

  test('passwords derive from the run\'s password key, not from the seed a report publishes', async () => {
    const a = await generatePopulation(SPEC);
    const b = await generatePopulation({ ...SPEC, seed: SPEC.seed + 1 });
    expect(b.people[0]?.password).toBe(a.people[0]?.password);
    const first = a.people[0];
    expect(first && makePassword(first.key, 'another run key')).not.toBe(first?.password);
  });

  test('a different runId changes canaries and e-mails but not the people', async () => {
    const a = await generatePopulation(SPEC);
    const b = await generatePopulation({ ...SPEC, runId: 'OTHER9' });
    expect(b.people.map(({ prenom, nom, nir, dateNaissance, key }) => ({ prenom, nom, nir, dateNaissance, key }))).toEqual(
      a.people.map(({ prenom, nom, nir, dateNaissance, key }) => ({ prenom, nom, nir, dateNaissance, key })),
    );
    const aEmails = new Set(a.people.map((p) => p.email));
    for (const p of b.people) expect(aEmails.has(p.email)).toBe(false);
    const aCanaries = new Set(a.documents.map((d) => d.canary));
    for (const d of b.documents) {
      expect(d.canary).toContain('-OTHER9-');
      expect(aCanaries.has(d.canary)).toBe(false);
    }
  });

  test('adding usagers does not change the people already there', async () => {
    const small = await generatePopulation({ ...SPEC, usagersPerMdph: 2 });
    const big = await generatePopulation(SPEC);
    for (const p of small.people) expect(big.people.find((q) => q.key === p.key)).toEqual(p);
  });

  test('keys, roles and relationships follow the contract', async () => {
    const p = await generatePopulation(SPEC);
    const keys = p.people.map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9]+$/);
    expect(keys).toEqual([
      'u075a', 'u075b', 'u075c', 'u013a', 'u013b', 'u013c', 'u02aa', 'u02ab', 'u02ac',
      'rep1', 'rep2', 'agent075', 'agent075b', 'agent013', 'agent013b', 'agent02a', 'agent02ab',
    ]);
    const reps = p.people.filter((x) => x.role === 'representant');
    expect(reps.map((r) => [r.represents, r.mdph])).toEqual([['u075a', '075'], ['u075b', '075']]);
    for (const a of p.people.filter((x) => x.role === 'agent')) expect(SPEC.mdph).toContain(a.mdph);
    expect(p.people.find((x) => x.key === 'u02aa')?.mdph).toBe('2A');
  });

  test('usagers have a valid NIR, an address and a plausible birth date', async () => {
    const p = await generatePopulation(SPEC);
    for (const u of p.people.filter((x) => x.role === 'usager')) {
      expect(nirKeyIsValid(u.nir ?? '')).toBe(true);
      expect(u.nir?.slice(5, 7)).toBe(u.mdph === '2A' ? '2A' : u.mdph.slice(1));
      expect(u.nir?.slice(1, 5)).toBe(u.dateNaissance.slice(2, 4) + u.dateNaissance.slice(5, 7));
      expect(u.adresse).toMatch(/, \d{5} \S/);
      expect(u.dateNaissance).toMatch(/^(19|20)\d\d-\d\d-\d\d$/);
    }
    const years = p.people.filter((x) => x.role === 'usager').map((u) => Number(u.dateNaissance.slice(0, 4)));
    expect(years.some((y) => y >= 2008)).toBe(true); // at least one child
    expect(years.some((y) => y < 2005)).toBe(true); // and adults
    for (const x of p.people.filter((y) => y.role !== 'usager')) expect(x.nir).toBeUndefined();
  });

  test('e-mails are unique, ASCII, namespaced and end with @example.test', async () => {
    const p = await generatePopulation(SPEC);
    const emails = p.people.map((x) => x.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const x of p.people) {
      expect(x.email).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+\.t3st01\.[a-z0-9]+@example\.test$/);
      expect(x.email.endsWith(`.${x.key}@example.test`)).toBe(true);
    }
  });

  test('passwords are strong, distinct and never inside a document', async () => {
    const p = await generatePopulation(SPEC);
    const passwords = p.people.map((x) => x.password);
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const pw of passwords) {
      expect(pw.length).toBeGreaterThanOrEqual(16);
      expect(pw).toMatch(/[A-Z]/);
      expect(pw).toMatch(/[a-z]/);
      expect(pw).toMatch(/[0-9]/);
      expect(pw).toMatch(/[^A-Za-z0-9]/);
    }
    for (const d of p.documents) for (const pw of passwords) expect(Buffer.from(d.bytes).includes(pw)).toBe(false);
  });

  test('every document carries its unique canary in bytes, title and file name', async () => {
    const p = await generatePopulation(SPEC);
    const canaries = p.documents.map((d) => d.canary);
    expect(new Set(canaries).size).toBe(canaries.length);
    const perOwner = new Map<string, number>();
    for (const d of p.documents) {
      const n = (perOwner.get(d.ownerKey) ?? 0) + 1;
      perOwner.set(d.ownerKey, n);
      expect(d.canary).toBe(`CLSN-T3ST01-${d.ownerKey.toUpperCase()}-${n}`);
      expect(d.key).toBe(`${d.ownerKey}-d${n}`);
      expect(d.titre).toContain(d.canary);
      expect(d.fileName).toContain(d.canary);
      expect(d.fileName).toMatch(/^[A-Za-z0-9.-]+$/);
      expect(d.fileName.endsWith({ 'application/pdf': '.pdf', 'image/png': '.png', 'text/plain': '.txt' }[d.mime])).toBe(true);
      expect(Buffer.from(d.bytes).includes(d.canary)).toBe(true);
      if (d.mime === 'image/png') expect(Buffer.from(d.bytes).includes(`${PNG_CANARY_KEYWORD}\0${d.canary}`)).toBe(true);
      // No canary is a substring of another one: a raw scan attributes each hit to one document.
      for (const other of canaries) if (other !== d.canary) expect(other.includes(d.canary)).toBe(false);
    }
  });

  test('every document holds a content marker in its bytes only: never in its title or file name', async () => {
    const p = await generatePopulation(SPEC);
    for (const d of p.documents) {
      expect(d.contentMarker).toBe(d.canary.replace(/^CLSN-/, 'CLSNC-'));
      expect(Buffer.from(d.bytes).includes(d.contentMarker)).toBe(true);
      expect(d.titre).not.toContain(d.contentMarker);
      expect(d.fileName).not.toContain(d.contentMarker);
      // The canary pattern must not read a content marker as a canary, nor the other way round.
      expect(d.contentMarker.includes(d.canary)).toBe(false);
    }
  });

  test('each usager has between min and max pièces, with at least one PDF and one PNG', async () => {
    const p = await generatePopulation(SPEC);
    const usagers = p.people.filter((x) => x.role === 'usager');
    expect(new Set(p.documents.map((d) => d.ownerKey))).toEqual(new Set(usagers.map((u) => u.key)));
    for (const u of usagers) {
      const docs = p.documents.filter((d) => d.ownerKey === u.key);
      expect(docs.length).toBeGreaterThanOrEqual(SPEC.piecesPerUsager.min);
      expect(docs.length).toBeLessThanOrEqual(SPEC.piecesPerUsager.max);
      expect(docs.some((d) => d.mime === 'application/pdf')).toBe(true);
      expect(docs.some((d) => d.mime === 'image/png')).toBe(true);
    }
    expect(new Set(p.documents.map((d) => d.type)).size).toBeGreaterThanOrEqual(5);
  });

  test('min = max = 1 gives exactly one pièce each', async () => {
    const p = await generatePopulation({ ...SPEC, piecesPerUsager: { min: 1, max: 1 } });
    expect(p.documents).toHaveLength(9);
  });

  test('the returned spec is a copy', async () => {
    const spec = structuredClone(SPEC);
    const p = await generatePopulation(spec);
    spec.mdph.push('013');
    expect(p.spec.mdph).toEqual(SPEC.mdph);
  });
});

test.describe('generatePopulation rejects invalid specs, naming the field', () => {
  const cases: [string, Partial<Record<keyof PopulationSpec, unknown>>, RegExp][] = [
    ['lowercase runId', { runId: 'abcd' }, /"runId"/],
    ['short runId', { runId: 'AB1' }, /"runId"/],
    ['one MDPH', { mdph: ['075'] }, /"mdph"/],
    ['bad MDPH code', { mdph: ['075', '75'] }, /"mdph\[1\]"/],
    ['duplicate MDPH', { mdph: ['075', '075'] }, /"mdph\[1\]"/],
    ['zero usagers', { usagersPerMdph: 0 }, /"usagersPerMdph"/],
    ['fractional agents', { agentsPerMdph: 1.5 }, /"agentsPerMdph"/],
    ['too many representatives', { representatives: 4 }, /"representatives"/],
    ['max < min', { piecesPerUsager: { min: 3, max: 2 } }, /"piecesPerUsager\.max"/],
    ['min 0', { piecesPerUsager: { min: 0, max: 2 } }, /"piecesPerUsager\.min"/],
    ['max over 9', { piecesPerUsager: { min: 1, max: 10 } }, /"piecesPerUsager\.max"/],
    ['negative seed', { seed: -1 }, /"seed"/],
  ];
  for (const [name, patch, field] of cases) {
    test(name, async () => {
      await expect(generatePopulation({ ...SPEC, ...patch } as PopulationSpec)).rejects.toThrow(field);
    });
  }
});
