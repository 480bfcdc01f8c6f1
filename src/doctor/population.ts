import { generatePopulation } from '../population/generate';
import { loadPopulationSpec } from '../population/spec';
import { populationOf, type RunPopulation } from '../provisioning/population';
import type { Target } from '../run/target';

/**
 * The smallest population that still has every declared role: one usager per office (two
 * pièces each), a representative and an agent per office when the portal has them. People
 * from an accounts file are the file's; only the first usager's documents are uploaded then.
 */
export async function doctorPopulation(target: Target): Promise<RunPopulation> {
  const { profile, settings } = target;
  const scan = loadPopulationSpec(settings.populationFile, { seed: settings.seed, runId: settings.runId, people: profile.people });
  const spec = {
    ...scan,
    usagersPerMdph: 1,
    representatives: Math.min(scan.representatives, 1),
    agentsPerMdph: Math.min(scan.agentsPerMdph, 1),
    piecesPerUsager: { min: Math.min(2, scan.piecesPerUsager.max), max: Math.min(2, scan.piecesPerUsager.max) },
  };
  if (profile.provisioning.mode === 'api') return { ...(await generatePopulation(spec)), preProvisioned: new Set() };
  const population = await populationOf(profile, settings, spec);
  const owner = population.documents[0]?.ownerKey;
  return { ...population, documents: population.documents.filter((document) => document.ownerKey === owner) };
}
