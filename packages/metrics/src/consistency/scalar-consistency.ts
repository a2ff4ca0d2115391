import { meanStd } from '../aggregation/mean-std';

/** Consistency of one scalar parameter across seeds. */
export interface ScalarConsistency {
  readonly mean: number;
  /** Population std (ddof = 0). */
  readonly std: number;
  /** Coefficient of variation std/|mean| (Infinity if mean = 0). */
  readonly cv: number;
  /** Population std of ln(values); NaN if any value ≤ 0. */
  readonly stdLog: number;
}

/**
 * Scalar-parameter consistency across seeds (spec §4.9; student mean CV 1.8%, teacher 5.4%):
 *
 *   CV = σ / |μ|,  σ = population std (ddof = 0),   plus σ_log = std(ln x).
 *
 * Pass values in **physical units** (exponentiate the student's log-parameters first; keep
 * `apl_gain` raw).
 *
 * @param values one value per seed
 * @example scalarConsistency([7.071, 7.224, 6.953, 6.446, 6.829]).cv; // ≈ 0.038 (apl_gain)
 */
export function scalarConsistency(values: ArrayLike<number>): ScalarConsistency {
  const { mean, std } = meanStd(values);
  let logs: number[] | null = [];
  for (let i = 0; i < values.length; i++) {
    if (!(values[i]! > 0)) {
      logs = null;
      break;
    }
    logs.push(Math.log(values[i]!));
  }
  return { mean, std, cv: std / Math.abs(mean), stdLog: logs ? meanStd(logs).std : Number.NaN };
}

/**
 * Coefficient of variation with the population std: `CV = σ / |μ|` (ddof = 0).
 *
 * @example coefficientOfVariation([1, 3]); // 0.5
 */
export function coefficientOfVariation(values: ArrayLike<number>): number {
  const { mean, std } = meanStd(values);
  return std / Math.abs(mean);
}
