import { assertInteger, assertLength, rowCount } from '../internal/validate';
import { cosineSimilarity } from '../similarity/cosine-similarity';

/**
 * Mean over odors of the summed pattern (spec §4.7 `mean_or` / `mean_pn` / `mean_kc` at one
 * concentration):
 *
 *   mean_X = (1/nOdors) Σ_o Σ_u X[o, u].
 *
 * @param patterns row-major `nOdors × dim` trial-mean patterns
 * @example meanPatternSum([1, 2, 3, 4], 2); // (3 + 7)/2 = 5
 */
export function meanPatternSum(patterns: ArrayLike<number>, nOdors: number): number {
  const fn = 'meanPatternSum';
  assertInteger(nOdors, 'nOdors', fn);
  rowCount(patterns, nOdors, 'patterns', fn, 'nOdors');
  let s = 0;
  for (let i = 0; i < patterns.length; i++) s += patterns[i]!;
  return s / nOdors;
}

/**
 * Mean over odors of the cosine between a pattern and its baseline (c = 1) pattern (spec §4.7
 * `or_sim`, `pn_sim`, `kc_sim`), optionally after subtracting a reference vector from both
 * (the OR similarity subtracts the spontaneous rate `sfr`):
 *
 *   sim = (1/nOdors) Σ_o cos(X_c[o] − r, X_base[o] − r)      (cos = 0 when a norm < 1e−8).
 *
 * @param patterns row-major `nOdors × dim` at concentration c
 * @param baseline row-major `nOdors × dim` at c = 1
 * @param subtract optional length-`dim` vector r (default: nothing subtracted)
 * @example meanSimilarityToBaseline([1, 0, 0, 1], [1, 1, 0, 1], 2); // (1/√2 + 1)/2
 */
export function meanSimilarityToBaseline(patterns: ArrayLike<number>, baseline: ArrayLike<number>, nOdors: number, subtract?: ArrayLike<number>): number {
  const fn = 'meanSimilarityToBaseline';
  assertInteger(nOdors, 'nOdors', fn);
  rowCount(patterns, nOdors, 'patterns', fn, 'nOdors');
  assertLength(baseline, patterns.length, 'baseline', fn, 'length of patterns');
  const dim = patterns.length / nOdors;
  if (subtract) assertLength(subtract, dim, 'subtract', fn, 'pattern length');
  let sum = 0;
  const a = new Float64Array(dim);
  const b = new Float64Array(dim);
  for (let o = 0; o < nOdors; o++) {
    for (let d = 0; d < dim; d++) {
      const r = subtract ? subtract[d]! : 0;
      a[d] = patterns[o * dim + d]! - r;
      b[d] = baseline[o * dim + d]! - r;
    }
    sum += cosineSimilarity(a, b);
  }
  return sum / nOdors;
}
