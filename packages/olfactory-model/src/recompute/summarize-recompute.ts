import { aplSuppressionPercent, meanStd } from '@olfactory/metrics';
import type { RecomputeMetrics } from './recompute-types';

/** The metrics summarised over checkpoints, in report order. */
export const RECOMPUTE_SUMMARY_METRICS = Object.freeze([
  'accuracy',
  'kcSparsity',
  'centroidAccuracy',
  'alDecorrelation',
  'mbDecorrelation',
  'totalDecorrelation',
  'manciniRatio',
  'aplSuppressionPercent',
  'pnDynamicRange',
  'kcDynamicRange',
  'orDynamicRange',
] as const);
export type RecomputeSummaryMetric = (typeof RECOMPUTE_SUMMARY_METRICS)[number];

/**
 * Mean and population std (ddof = 0, spec §4.1) of each metric over checkpoints, for the metrics
 * every checkpoint has (Mancini only with the APL, dynamic ranges only with the sweep), keys in
 * {@link RECOMPUTE_SUMMARY_METRICS} order. The headline APL suppression is computed from the
 * **mean ratio**, (1 − 1/mean ratio)·100 (spec §4.6: 1.85 → 45.9 %); its std is that of the
 * per-checkpoint suppressions.
 */
export function summarizeRecomputeMetrics(metrics: readonly RecomputeMetrics[]): Partial<Record<RecomputeSummaryMetric, { mean: number; std: number }>> {
  const out: Partial<Record<RecomputeSummaryMetric, { mean: number; std: number }>> = {};
  if (metrics.length === 0) return out;
  for (const key of RECOMPUTE_SUMMARY_METRICS) {
    const values = metrics.map((m) => m[key]);
    if (values.some((x) => x === undefined)) continue;
    const ms = meanStd(values as number[]);
    out[key] = { mean: ms.mean, std: ms.std };
  }
  if (out.manciniRatio && out.aplSuppressionPercent) out.aplSuppressionPercent = { mean: aplSuppressionPercent(out.manciniRatio.mean), std: out.aplSuppressionPercent.std };
  return out;
}
