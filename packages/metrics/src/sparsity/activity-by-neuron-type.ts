import { assertInteger, rowCount } from '../internal/validate';

/** Options of {@link activityByNeuronType}. */
export interface ActivityByNeuronTypeOptions {
  /**
   * If set, each type's value is the mean over batches of `batchSize` samples of the per-batch
   * active fraction (as {@link batchedActiveFraction}); if omitted, the pooled fraction over all
   * samples.
   */
  readonly batchSize?: number;
}

/**
 * Active fraction per neuron type (spec §4.3: ORN ≈ 0.61, LN ≈ 0.34, PN ≈ 0.28, KC ≈ 0.12 for
 * canonical seed 42). For each type T with neuron set N_T,
 *
 *   f_T = #{(s, n) : n ∈ N_T, counts[s, n] > 0} / (nSamples · |N_T|).
 *
 * @param counts row-major `nSamples × neuronTypes.length` spike counts (accumulated over the trial)
 * @param neuronTypes type label of each neuron column, e.g. `['ORN', 'ORN', …, 'KC']`
 * @returns one entry per distinct label, in order of first appearance; NaN when there are no samples
 * @example activityByNeuronType([1, 0, 2, 0, 0, 3], ['PN', 'KC', 'KC']); // { PN: 0.5, KC: 0.5 }
 */
export function activityByNeuronType(counts: ArrayLike<number>, neuronTypes: readonly string[], options: ActivityByNeuronTypeOptions = {}): Record<string, number> {
  const fn = 'activityByNeuronType';
  const nNeurons = neuronTypes.length;
  const nSamples = rowCount(counts, nNeurons, 'counts', fn, 'neuronTypes.length');
  const batchSize = options.batchSize ?? Math.max(nSamples, 1);
  assertInteger(batchSize, 'batchSize', fn);
  const types: string[] = [];
  const typeIndex = new Int32Array(nNeurons);
  const typeSize: number[] = [];
  for (let n = 0; n < nNeurons; n++) {
    let t = types.indexOf(neuronTypes[n]!);
    if (t < 0) {
      t = types.length;
      types.push(neuronTypes[n]!);
      typeSize.push(0);
    }
    typeIndex[n] = t;
    typeSize[t]!++;
  }
  const sums = new Float64Array(types.length);
  let nBatches = 0;
  for (let start = 0; start < nSamples; start += batchSize) {
    const end = Math.min(nSamples, start + batchSize);
    const active = new Float64Array(types.length);
    for (let s = start; s < end; s++) {
      for (let n = 0; n < nNeurons; n++) if (counts[s * nNeurons + n]! > 0) active[typeIndex[n]!]!++;
    }
    for (let t = 0; t < types.length; t++) sums[t]! += active[t]! / ((end - start) * typeSize[t]!);
    nBatches++;
  }
  const out: Record<string, number> = {};
  types.forEach((name, t) => {
    out[name] = nBatches === 0 ? Number.NaN : sums[t]! / nBatches;
  });
  return out;
}
