/** One parameter's contribution to {@link weightedParameterCorrelation}. */
export interface WeightedCorrelationTerm {
  /** Mean pairwise-seed Pearson r of the parameter. */
  readonly meanCorrelation: number;
  /** Weight (its number of entries, as coded in the reference). */
  readonly weight: number;
}

/**
 * Weights of the student "parameter correlation" 0.909 (spec §4.9). ORN `v_th` has weight 21
 * although it has 42 entries — as coded in the reference. Denominator 4,426.
 */
export const STUDENT_CORRELATION_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  orGains: 21,
  kcVTh: 144,
  lnVTh: 108,
  ornVTh: 21,
  pnVTh: 72,
  decoderWeight: 4032,
  decoderBias: 28,
});

/**
 * Teacher counterpart (spec §4.9, 0.781): `or_gains`, `kc_threshold`, `decoder.weight`,
 * `decoder.bias`; denominator 4,225.
 */
export const TEACHER_CORRELATION_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  orGains: 21,
  kcThreshold: 144,
  decoderWeight: 4032,
  decoderBias: 28,
});

/**
 * Weighted mean of per-parameter mean correlations (the reported "parameter correlation"):
 *
 *   ρ = Σ_p w_p · r̄_p / Σ_p w_p.
 *
 * @example
 *   // spec §4.9 worked example: (0.99429·21 + 0.95293·144 + … + 0.97599·28)/4426 = 0.9086
 *   weightedParameterCorrelation([{ meanCorrelation: 0.99429, weight: 21 }, …]);
 */
export function weightedParameterCorrelation(terms: readonly WeightedCorrelationTerm[]): number {
  const fn = 'weightedParameterCorrelation';
  if (terms.length === 0) throw new RangeError(`Argument 'terms' passed to '${fn}' is empty; expected at least one parameter.`);
  let num = 0;
  let den = 0;
  terms.forEach((t, i) => {
    if (!(t.weight >= 0) || !Number.isFinite(t.weight)) {
      throw new RangeError(`Argument 'terms' passed to '${fn}' has terms[${i}].weight = ${t.weight}; expected a finite number ≥ 0.`);
    }
    num += t.weight * t.meanCorrelation;
    den += t.weight;
  });
  if (den === 0) throw new RangeError(`Argument 'terms' passed to '${fn}' has total weight 0; expected a positive total weight.`);
  return num / den;
}
