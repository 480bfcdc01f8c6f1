/** Population: who exists in a run and what they own. Import from here. */
export type * from './types';
export { generatePopulation } from './generate';
export { loadPopulationSpec } from './spec';
export { PopulationSpecError, validatePopulationSpec } from './validate';
export { makeNir, nirKey, nirKeyIsValid } from './nir';
export { canary, contentMarker, documentKey } from './keys';
