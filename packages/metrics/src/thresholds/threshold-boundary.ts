/** Options of {@link thresholdBoundaryFractions}, in mV. */
export interface ThresholdBoundaryOptions {
  /** Thresholds ≥ this count as "at the upper bound" (within 0.5 mV of the −30 mV ceiling). Default −30.5 mV. */
  readonly upperMv?: number;
  /** Thresholds ≤ this count as "at the lower bound" (within 0.5 mV of the −55 mV floor). Default −54.5 mV. */
  readonly lowerMv?: number;
}

/** Fractions of thresholds at the bounds and in between. */
export interface ThresholdBoundaryFractions {
  /** Fraction with v_th ≥ upperMv (reported for KCs: 46.7%). */
  readonly atUpper: number;
  /** Fraction with v_th ≤ lowerMv (reported for LNs: 29.3%). */
  readonly atLower: number;
  /** Fraction with lowerMv < v_th < upperMv (reported for PNs: 83.6%). */
  readonly interior: number;
}

/**
 * Threshold-boundary statistics (spec §4.10, Fig. S4), parameter-only:
 *
 *   atUpper = #{v_th ≥ −30.5 mV}/n,   atLower = #{v_th ≤ −54.5 mV}/n,   interior = #{−54.5 < v_th < −30.5}/n.
 *
 * −30 mV is the *least* excitable allowed threshold. Take the KC fraction from `atUpper`, the LN
 * fraction from `atLower` and the PN fraction from `interior`.
 *
 * @param vThresholdMv thresholds in **mV** (multiply checkpoint volts by 1000)
 * @example thresholdBoundaryFractions([-30, -30.5, -31, -54.5, -55, -40]); // each 1/3
 */
export function thresholdBoundaryFractions(vThresholdMv: ArrayLike<number>, options: ThresholdBoundaryOptions = {}): ThresholdBoundaryFractions {
  const fn = 'thresholdBoundaryFractions';
  const upper = options.upperMv ?? -30.5;
  const lower = options.lowerMv ?? -54.5;
  if (!(lower < upper)) {
    throw new RangeError(`Arguments 'lowerMv' and 'upperMv' passed to '${fn}' are ${lower} and ${upper}; expected lowerMv < upperMv.`);
  }
  const n = vThresholdMv.length;
  if (n === 0) throw new RangeError(`Argument 'vThresholdMv' passed to '${fn}' is empty; expected at least one threshold.`);
  let maxAbs = 0;
  let atUpper = 0;
  let atLower = 0;
  for (let i = 0; i < n; i++) {
    const v = vThresholdMv[i]!;
    if (!Number.isFinite(v)) {
      throw new RangeError(`Argument 'vThresholdMv' passed to '${fn}' has vThresholdMv[${i}] = ${v}; expected a finite threshold in mV.`);
    }
    maxAbs = Math.max(maxAbs, Math.abs(v));
    if (v >= upper) atUpper++;
    else if (v <= lower) atLower++;
  }
  if (maxAbs < 1 && Math.abs(upper) >= 1) {
    throw new RangeError(`Argument 'vThresholdMv' passed to '${fn}' has all |values| < 1 (max ${maxAbs}); expected thresholds in mV. Multiply volts by 1000.`);
  }
  return { atUpper: atUpper / n, atLower: atLower / n, interior: (n - atUpper - atLower) / n };
}
