/** Per-concentration summary of a gain-control sweep (spec §4.7), one entry per concentration. */
export interface ConcentrationSummary {
  /** Concentration c (relative to training). */
  readonly concentration: number;
  /** Mean over odors of the summed trial-mean OR input. */
  readonly meanOr: number;
  /** Mean over odors of the summed trial-mean PN spike counts. */
  readonly meanPn: number;
  /** Mean over odors of the summed trial-mean KC spike counts. */
  readonly meanKc: number;
  /** Trained-decoder accuracy at this concentration, fraction. */
  readonly decoderAccuracy: number;
  /** KC centroid accuracy against the c = 1 baseline patterns, fraction (silent trials skipped). */
  readonly kcCentroidAccuracy: number;
}

/** Options of {@link concentrationInvariance}; every default is the reference's. */
export interface ConcentrationInvarianceOptions {
  /** Concentration in the denominator of the dynamic ranges. Default 0.03. */
  readonly lowConcentration?: number;
  /** Concentration in the numerator of the dynamic ranges. Default 5. */
  readonly highConcentration?: number;
  /** Training concentration, excluded from the odor-identity mean. Default 1. */
  readonly baselineConcentration?: number;
  /** Inclusive concentration interval of the robust-classification mean. Default [0.3, 5]. */
  readonly robustRange?: readonly [number, number];
  /** flat_kc_activity ⇔ kcRange < this. Default 1.2. */
  readonly flatKcMaxRange?: number;
  /** robust_classification ⇔ mean decoder accuracy > this. Default 0.5. */
  readonly robustMinAccuracy?: number;
  /** Odor identity PASS if the mean centroid accuracy > this. Default 0.6. */
  readonly identityPassAccuracy?: number;
  /** Odor identity PARTIAL if > this (and not PASS). Default 0.3. */
  readonly identityPartialAccuracy?: number;
}

/** Verdict of the odor-identity test. */
export type OdorIdentityVerdict = 'PASS' | 'PARTIAL' | 'FAIL';

/** Result of {@link concentrationInvariance}. */
export interface ConcentrationInvariance {
  /** meanOr(5) / max(meanOr(0.03), 1e−8) (reference ≈ 1.75). */
  readonly orRange: number;
  /** Same for PN (headline 1.23 ± 0.02). */
  readonly pnRange: number;
  /** Same for KC (≈ 1.15). */
  readonly kcRange: number;
  /** pnRange < orRange. */
  readonly sublinearPnGain: boolean;
  /** kcRange < 1.2. */
  readonly flatKcActivity: boolean;
  /** Mean decoder accuracy over c ∈ [0.3, 5]. */
  readonly robustAccuracy: number;
  /** robustAccuracy > 0.5. */
  readonly robustClassification: boolean;
  /** Mean KC centroid accuracy over c ≠ 1. */
  readonly identityAccuracy: number;
  /** PASS if identityAccuracy > 0.6, PARTIAL if > 0.3, else FAIL. */
  readonly odorIdentityPreservation: OdorIdentityVerdict;
}

/**
 * Dynamic range of a response between two concentrations, with the denominator floored:
 *
 *   range = high / max(low, 1e−8).
 *
 * @example dynamicRange(17.5, 10); // 1.75
 */
export function dynamicRange(high: number, low: number): number {
  return high / Math.max(low, 1e-8);
}

/**
 * The four gain-control tests of the concentration sweep (spec §4.7), from per-concentration
 * summaries:
 *
 *   X_range = mean_X(5) / max(mean_X(0.03), 1e−8) for X ∈ {OR, PN, KC};
 *   sublinear_pn_gain ⇔ pn_range < or_range;   flat_kc_activity ⇔ kc_range < 1.2;
 *   robust_classification ⇔ mean_{c ∈ [0.3, 5]} decoder_acc(c) > 0.5;
 *   odor_identity_preservation = PASS if mean_{c ≠ 1} kc_centroid_acc(c) > 0.6, PARTIAL if > 0.3, else FAIL.
 *
 * Pass one summary per swept concentration (the 7 list entries, c = 1 once); the means run over
 * the entries whose concentration satisfies the condition.
 *
 * @param summaries per-concentration summaries, any order
 * @example concentrationInvariance(summaries).pnRange; // 1.23
 */
export function concentrationInvariance(summaries: readonly ConcentrationSummary[], options: ConcentrationInvarianceOptions = {}): ConcentrationInvariance {
  const fn = 'concentrationInvariance';
  const low = options.lowConcentration ?? 0.03;
  const high = options.highConcentration ?? 5;
  const baseline = options.baselineConcentration ?? 1;
  const [rLo, rHi] = options.robustRange ?? [0.3, 5];
  const find = (c: number): ConcentrationSummary => {
    const s = summaries.find((x) => Math.abs(x.concentration - c) <= 1e-12 * Math.max(1, Math.abs(c)));
    if (!s) {
      const have = summaries.map((x) => x.concentration).join(', ');
      throw new RangeError(`Argument 'summaries' passed to '${fn}' has no entry for concentration ${c}; expected one (concentrations given: [${have}]).`);
    }
    return s;
  };
  const lo = find(low);
  const hi = find(high);
  const orRange = dynamicRange(hi.meanOr, lo.meanOr);
  const pnRange = dynamicRange(hi.meanPn, lo.meanPn);
  const kcRange = dynamicRange(hi.meanKc, lo.meanKc);
  const robust = summaries.filter((s) => s.concentration >= rLo && s.concentration <= rHi).map((s) => s.decoderAccuracy);
  const identity = summaries.filter((s) => s.concentration !== baseline).map((s) => s.kcCentroidAccuracy);
  const robustAccuracy = mean(robust);
  const identityAccuracy = mean(identity);
  const passAt = options.identityPassAccuracy ?? 0.6;
  const partialAt = options.identityPartialAccuracy ?? 0.3;
  return {
    orRange,
    pnRange,
    kcRange,
    sublinearPnGain: pnRange < orRange,
    flatKcActivity: kcRange < (options.flatKcMaxRange ?? 1.2),
    robustAccuracy,
    robustClassification: robustAccuracy > (options.robustMinAccuracy ?? 0.5),
    identityAccuracy,
    odorIdentityPreservation: identityAccuracy > passAt ? 'PASS' : identityAccuracy > partialAt ? 'PARTIAL' : 'FAIL',
  };
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((a, b) => a + b, 0) / values.length;
}
