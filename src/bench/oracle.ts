/**
 * Oracle throughput: MB of response per second that `scanResponse` gets through on the
 * two bodies that cost it most in a real run, a large JSON listing (text views, tokens, base64)
 * and a ZIP export of seeded files (inflate, PDF streams, PNG chunks). Run with
 * `npx tsx scripts/bench-oracle.ts`; figures are compared before/after a change of the oracle.
 */
import { zipSync } from 'fflate';
import { generatePopulation } from '../population/generate';
import type { Population } from '../population/types';
import { buildMarkerIndex, type MarkerIndex } from '../oracle/markers';
import { scanResponse } from '../oracle/scan';

export interface OracleBenchBody {
  name: string;
  bytes: Uint8Array;
}

export async function benchPopulation(): Promise<Population> {
  return generatePopulation({ seed: 7, runId: 'BENCH7', mdph: ['075', '013'], usagersPerMdph: 40, representatives: 2, agentsPerMdph: 2, piecesPerUsager: { min: 2, max: 4 } });
}

export function benchIndex(population: Population): MarkerIndex {
  return buildMarkerIndex({
    runId: population.spec.runId,
    people: population.people.map((p) => ({ key: p.key, email: p.email, nir: p.nir, prenom: p.prenom, nom: p.nom, dateNaissance: p.dateNaissance, adresse: p.adresse })),
    documents: population.documents.map((d) => ({ key: d.key, ownerKey: d.ownerKey, canary: d.canary, contentMarker: d.contentMarker, sha256: d.sha256 })),
  });
}

/** Deterministic pseudo-random text: ids and tokens that look like a portal's, markers rare. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function benchBodies(population: Population): OracleBenchBody[] {
  const random = prng(42);
  const token = (n: number): string => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256))).toString('base64url');
  const rows = Array.from({ length: 25_000 }, (_, i) => ({
    id: i,
    numero: `075-2026-${String(i).padStart(6, '0')}`,
    titre: i % 997 === 0 ? (population.documents[i % population.documents.length]?.titre ?? '') : `Pièce justificative n°${i}`,
    deposant: `Usager ${i}`,
    depose_le: `2026-01-${String((i % 28) + 1).padStart(2, '0')}T09:00:00Z`,
    statut: i % 3 ? 'en_cours' : 'complet',
    etag: token(24),
    lien: `/api/pieces/${i}/contenu?jeton=${token(30)}`,
  }));
  const json = new TextEncoder().encode(JSON.stringify({ total: rows.length, pieces: rows }));
  const files: Record<string, Uint8Array> = {};
  for (const doc of population.documents) files[`export/${doc.ownerKey}/${doc.fileName}`] = doc.bytes;
  files['export/index.csv'] = new TextEncoder().encode(population.documents.map((d) => `${d.key};${d.titre};${d.sha256}`).join('\n'));
  return [
    { name: `JSON listing (${rows.length} rows)`, bytes: json },
    { name: `ZIP export (${population.documents.length} files)`, bytes: zipSync(files) },
  ];
}

export interface OracleBenchResult {
  name: string;
  megabytes: number;
  /** Median CPU time of the runs (user + system): wall time means little on a shared machine. */
  ms: number;
  megabytesPerSecond: number;
  evidence: number;
  truncated: boolean;
}

export function benchOracle(index: MarkerIndex, bodies: readonly OracleBenchBody[], runs = 7): OracleBenchResult[] {
  return bodies.map(({ name, bytes }) => {
    const times: number[] = [];
    let evidence = 0;
    let truncated = false;
    for (let i = 0; i < runs + 1; i++) {
      const start = process.cpuUsage();
      const result = scanResponse(index, { body: bytes, headers: {} });
      const used = process.cpuUsage(start);
      const ms = (used.user + used.system) / 1000;
      if (i > 0) times.push(ms); // the first run warms the JIT
      evidence = result.evidence.length;
      truncated = result.cuts.length > 0;
    }
    times.sort((a, b) => a - b);
    const ms = times[Math.floor(times.length / 2)] ?? Number.NaN;
    const megabytes = bytes.byteLength / 1e6;
    return { name, megabytes, ms, megabytesPerSecond: megabytes / (ms / 1000), evidence, truncated };
  });
}
