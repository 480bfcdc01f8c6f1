/** Oracle throughput on a large JSON listing and a ZIP export: `npx tsx scripts/bench-oracle.ts`. */
import { benchBodies, benchIndex, benchOracle, benchPopulation } from '../src/bench/oracle';

const population = await benchPopulation();
const index = benchIndex(population);
for (const r of benchOracle(index, benchBodies(population))) {
  console.log(`${r.name}: ${r.megabytes.toFixed(1)} MB in ${r.ms.toFixed(0)} ms = ${r.megabytesPerSecond.toFixed(1)} MB/s (evidence ${r.evidence}${r.truncated ? ', truncated' : ''})`);
}
