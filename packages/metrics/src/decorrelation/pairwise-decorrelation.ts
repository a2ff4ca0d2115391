import { assertInteger } from '../internal/validate';
import { stageRows } from '../internal/stage-rows';
import { cosineSimilarity } from '../similarity/cosine-similarity';
import type { Decorrelation, StagePatterns } from './stage-patterns';

/** Result of {@link pairwiseDecorrelation}: percentages plus the collected per-pair ratios. */
export interface PairwiseDecorrelation extends Decorrelation {
  /** Collected ratios, in pair order (i < j, row-major). */
  readonly ratios: {
    /** c_PN / c_OR for pairs with |c_OR| > 1e−8. */
    readonly pnOverOr: Float64Array;
    /** c_KC / c_PN for pairs with |c_PN| > 1e−8. */
    readonly kcOverPn: Float64Array;
    /** c_KC / c_OR for pairs with |c_OR| > 1e−8. */
    readonly kcOverOr: Float64Array;
  };
  /** Number of unordered odor pairs visited, nOdors·(nOdors − 1)/2 (378 for 28 odors). */
  readonly nPairs: number;
}

/**
 * Canonical per-pair decorrelation (spec §4.5a; canonical AL ≈ 4%, MB ≈ 36%). For each unordered
 * odor pair i < j, with c_X = cos(X_i, X_j) (0 when a norm < 1e−8):
 *
 *   if |c_OR| > 1e−8: collect c_PN/c_OR and c_KC/c_OR;   if |c_PN| > 1e−8: collect c_KC/c_PN;
 *   AL% = (1 − mean(c_PN/c_OR))·100,  MB% = (1 − mean(c_KC/c_PN))·100,  total% = (1 − mean(c_KC/c_OR))·100.
 *
 * A percentage is NaN when no ratio was collected (NumPy `mean([])`).
 *
 * @param patterns trial-mean OR / PN / KC patterns, each row-major `nOdors × dim`
 * @param nOdors number of odors (28; `sfr` included)
 * @example pairwiseDecorrelation({ or: [1, 0, 1, 1, 0, 1], pn: [1, 0, 0.6, 0.8, 0, 1], kc: [1, 0, 0, 1, 1, 1] }, 3);
 *   // { alPercent: (1 − 0.7√2)·100 ≈ 1.005, mbPercent ≈ 55.806, totalPercent: 50, … }
 */
export function pairwiseDecorrelation(patterns: StagePatterns, nOdors: number): PairwiseDecorrelation {
  const fn = 'pairwiseDecorrelation';
  assertInteger(nOdors, 'nOdors', fn);
  const rows = stageRows(patterns, nOdors, fn);
  const pnOverOr: number[] = [];
  const kcOverPn: number[] = [];
  const kcOverOr: number[] = [];
  let nPairs = 0;
  for (let i = 0; i < nOdors; i++) {
    for (let j = i + 1; j < nOdors; j++) {
      nPairs++;
      const cOr = cosineSimilarity(rows.or[i]!, rows.or[j]!);
      const cPn = cosineSimilarity(rows.pn[i]!, rows.pn[j]!);
      const cKc = cosineSimilarity(rows.kc[i]!, rows.kc[j]!);
      if (Math.abs(cOr) > 1e-8) {
        kcOverOr.push(cKc / cOr);
        pnOverOr.push(cPn / cOr);
      }
      if (Math.abs(cPn) > 1e-8) kcOverPn.push(cKc / cPn);
    }
  }
  return {
    alPercent: (1 - mean(pnOverOr)) * 100,
    mbPercent: (1 - mean(kcOverPn)) * 100,
    totalPercent: (1 - mean(kcOverOr)) * 100,
    ratios: { pnOverOr: Float64Array.from(pnOverOr), kcOverPn: Float64Array.from(kcOverPn), kcOverOr: Float64Array.from(kcOverOr) },
    nPairs,
  };
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
