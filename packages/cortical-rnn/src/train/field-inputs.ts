/**
 * Builds the training inputs of one MICrONS field: the functional matrices, D* from the real soma
 * positions stacked (N, 3), D from the field's grid, and the sorted communicability of the EM
 * connectome (aligned by root id; the sorted form is permutation-invariant anyway).
 */
import { loadMicronsField } from '@olfactory/connectome-data';
import type { LoadMicronsFieldOptions, MicronsFieldData } from '@olfactory/connectome-data';
import { FIELD_GRIDS, gridDistanceMatrix, somaDistanceMatrix } from '../init/distance-matrix';
import { communicabilityValues } from '../regularizers/communicability';
import type { RnnFieldInputs } from './train-rnn';

/** {@link RnnFieldInputs} plus the loaded field. */
export interface CorticalFieldInputs extends RnnFieldInputs {
  readonly data: MicronsFieldData;
  readonly grid: readonly [number, number, number];
}

/** Derives the inputs from loaded field data. */
export function fieldInputsFrom(data: MicronsFieldData): CorticalFieldInputs {
  const grid = FIELD_GRIDS[data.field];
  const comm = communicabilityValues(data.emSynapses, data.n);
  return {
    n: data.n,
    corr: data.corr,
    sttc: data.sttc,
    precision: data.precision,
    somaDistance: somaDistanceMatrix(data.positionsNm, data.n),
    gridDistance: gridDistanceMatrix(grid, data.n),
    empiricalCommSorted: Float32Array.from(comm).sort(),
    data,
    grid,
  };
}

/**
 * Loads a field through the pinned registry and builds its inputs.
 *
 * @example
 *   const field = await loadCorticalField({ field: '6_6_2' });
 */
export async function loadCorticalField(options: LoadMicronsFieldOptions = {}): Promise<CorticalFieldInputs> {
  return fieldInputsFrom(await loadMicronsField(options));
}
