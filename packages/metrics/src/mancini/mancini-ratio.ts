import { assertNonEmpty } from '../internal/validate';

/** Options of {@link manciniRatio}. */
export interface ManciniRatioOptions {
  /** Floor of the boosted mean in the denominator, spikes. Default 0.1. */
  readonly minBoostedMean?: number;
  /** Inclusive pass interval of the ratio. Default [1.5, 2.5] (biological target ≈ 2). */
  readonly passRange?: readonly [number, number];
}

/** Result of {@link manciniRatio}. */
export interface ManciniRatio {
  /** mean(baseline) / max(mean(boosted), 0.1). */
  readonly ratio: number;
  /** Mean total KC spike count per trial without APL boost. */
  readonly baselineMean: number;
  /** Mean total KC spike count per trial with APL boost. */
  readonly boostedMean: number;
  /** 1.5 ≤ ratio ≤ 2.5. */
  readonly passes: boolean;
  /** (1 − 1/ratio)·100 for this ratio (see {@link aplSuppressionPercent}). */
  readonly suppressionPercent: number;
}

/**
 * APL-suppression test of Mancini et al. 2023 (spec §4.6; canonical ratio ≈ 1.85, baseline ≈ 90 and
 * boosted ≈ 48 KC spikes per 30 ms):
 *
 *   ratio = mean(baseline) / max(mean(boosted), 0.1),   passes ⇔ 1.5 ≤ ratio ≤ 2.5.
 *
 * @param baselineTotals total KC spike count (sum over KCs and steps) of each baseline trial
 * @param boostedTotals the same with the APL boost (`apl_inject = 0.7`)
 * @example manciniRatio([90, 92, 88], [48, 50, 46]); // { ratio: 1.875, passes: true, suppressionPercent: 46.67, … }
 */
export function manciniRatio(baselineTotals: ArrayLike<number>, boostedTotals: ArrayLike<number>, options: ManciniRatioOptions = {}): ManciniRatio {
  const fn = 'manciniRatio';
  assertNonEmpty(baselineTotals, 'baselineTotals', fn);
  assertNonEmpty(boostedTotals, 'boostedTotals', fn);
  const floor = options.minBoostedMean ?? 0.1;
  const [lo, hi] = options.passRange ?? [1.5, 2.5];
  if (!(lo <= hi)) {
    throw new RangeError(`Argument 'passRange' passed to '${fn}' is [${lo}, ${hi}]; expected an interval [lo, hi] with lo ≤ hi.`);
  }
  const baselineMean = meanOf(baselineTotals);
  const boostedMean = meanOf(boostedTotals);
  const ratio = baselineMean / Math.max(boostedMean, floor);
  return { ratio, baselineMean, boostedMean, passes: ratio >= lo && ratio <= hi, suppressionPercent: aplSuppressionPercent(ratio) };
}

/**
 * Reported APL suppression in percent, `(1 − 1/ratio)·100` (spec §4.6). The headline applies it
 * to the **5-seed mean ratio**: 1.85 → 45.9% ("≈ 46%"). Negative when the boost increases activity.
 *
 * @example aplSuppressionPercent(2); // 50
 */
export function aplSuppressionPercent(ratio: number): number {
  return (1 - 1 / ratio) * 100;
}

/**
 * Per-seed suppression as plotted in Figure 4C (and the F4-extra analysis, spec §4.13),
 * clipped at 0: `max(0, (1 − 1/ratio)·100)`.
 *
 * @example figure4SuppressionPercent(0.8); // 0 (aplSuppressionPercent would give −25)
 */
export function figure4SuppressionPercent(ratio: number): number {
  return Math.max(0, aplSuppressionPercent(ratio));
}

function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}
