export { CHEMICAL_PATHWAYS, pathwayCounts } from './parameters/chemical-pathways';
export type { ChemicalPathwaySpec } from './parameters/chemical-pathways';
export { parameterCount, studentParameterLayout } from './parameters/parameter-layout';
export type { ParameterGroup, ParameterSpec } from './parameters/parameter-layout';
