import { assertNonEmpty } from '../internal/validate';

/** Mean and population standard deviation of a set of values. */
export interface MeanStd {
  readonly mean: number;
  /** Population std (ddof = 0). */
  readonly std: number;
}

/**
 * Aggregation across seeds as used for every "mean ± std" of the reference (spec §4.1):
 *
 *   mean = (1/n) Σ xᵢ,   std = √[(1/n) Σ (xᵢ − mean)²]     (population std, ddof = 0, NumPy's default).
 *
 * @param values one value per seed
 * @example meanStd([0.70, 0.72, 0.68]); // { mean: 0.70, std: 0.01633 }
 */
export function meanStd(values: ArrayLike<number>): MeanStd {
  assertNonEmpty(values, 'values', 'meanStd');
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(ss / n) };
}
