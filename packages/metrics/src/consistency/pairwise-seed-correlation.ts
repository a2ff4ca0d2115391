import { meanStd } from '../aggregation/mean-std';
import { pearsonCorrelation } from './pearson-correlation';

/** Summary of the pairwise correlations of one parameter across seeds. */
export interface PairwiseSeedCorrelation {
  readonly mean: number;
  /** Population std (ddof = 0) of the pairwise r. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** r for each unordered seed pair (i < j, row-major: (0,1), (0,2), …, (1,2), …). */
  readonly values: Float64Array;
}

/**
 * Parameter consistency of a vector parameter across seeds (spec §4.9): Pearson r between every
 * unordered pair of seeds (10 pairs for 5 seeds), summarised by mean / std / min / max,
 *
 *   r_ij = pearson(θ_i, θ_j),  i < j.
 *
 * @param vectors one flattened parameter vector per seed, all the same length
 * @example pairwiseSeedCorrelation([[1, 2, 3], [2, 4, 6]]).mean; // 1
 */
export function pairwiseSeedCorrelation(vectors: readonly ArrayLike<number>[]): PairwiseSeedCorrelation {
  const fn = 'pairwiseSeedCorrelation';
  if (vectors.length < 2) {
    throw new RangeError(`Argument 'vectors' passed to '${fn}' has ${vectors.length} seed(s); expected at least 2.`);
  }
  vectors.forEach((v, i) => {
    if (v.length !== vectors[0]!.length) {
      throw new RangeError(`Argument 'vectors' passed to '${fn}' has vectors[${i}] of length ${v.length}; expected ${vectors[0]!.length} (length of vectors[0]).`);
    }
  });
  const values: number[] = [];
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) values.push(pearsonCorrelation(vectors[i]!, vectors[j]!));
  }
  const { mean, std } = meanStd(values);
  return { mean, std, min: Math.min(...values), max: Math.max(...values), values: Float64Array.from(values) };
}
