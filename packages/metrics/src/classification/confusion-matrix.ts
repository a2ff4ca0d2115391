import { assertInteger, assertLabels, assertLength } from '../internal/validate';

/**
 * Confusion matrix of counts, `nClasses × nClasses` row-major: **rows = true class, columns =
 * predicted class**,
 *
 *   M[t, p] = #{ i : labels[i] = t ∧ predicted[i] = p }.
 *
 * Pool several seeds by concatenating their predictions (spec §4.14, Fig. S2).
 *
 * @param predicted predicted class per sample, integers in [0, nClasses)
 * @param labels true class per sample, integers in [0, nClasses)
 * @param nClasses number of classes (28 odors in the canonical task)
 * @returns Float64Array of length nClasses², `M[t * nClasses + p]`
 * @example confusionMatrix([0, 1, 1], [0, 0, 1], 2); // [1, 1, 0, 1]
 */
export function confusionMatrix(predicted: ArrayLike<number>, labels: ArrayLike<number>, nClasses: number): Float64Array {
  return countConfusion(predicted, labels, nClasses, 'confusionMatrix');
}

function countConfusion(predicted: ArrayLike<number>, labels: ArrayLike<number>, nClasses: number, fn: string): Float64Array {
  assertInteger(nClasses, 'nClasses', fn);
  assertLength(labels, predicted.length, 'labels', fn, 'one label per prediction');
  assertLabels(predicted, nClasses, 'predicted', fn);
  assertLabels(labels, nClasses, 'labels', fn);
  const m = new Float64Array(nClasses * nClasses);
  for (let i = 0; i < labels.length; i++) m[labels[i]! * nClasses + predicted[i]!]! += 1;
  return m;
}

/**
 * Row-normalised confusion matrix: each row divided by its sum, so `R[t, p]` is the fraction of
 * class-t samples predicted as p (the diagonal is the per-class accuracy). Rows with no samples
 * stay all 0 (no NaNs in a heat map).
 *
 *   R[t, p] = M[t, p] / Σ_q M[t, q]   (0 when Σ_q M[t, q] = 0)
 *
 * @param counts `nClasses × nClasses` row-major count matrix (e.g. from {@link confusionMatrix})
 * @example normalizeConfusionRows([1, 1, 0, 1], 2); // [0.5, 0.5, 0, 1]
 */
export function normalizeConfusionRows(counts: ArrayLike<number>, nClasses: number): Float64Array {
  const fn = 'normalizeConfusionRows';
  assertInteger(nClasses, 'nClasses', fn);
  assertLength(counts, nClasses * nClasses, 'counts', fn, `nClasses² = ${nClasses * nClasses}`);
  const out = new Float64Array(nClasses * nClasses);
  for (let t = 0; t < nClasses; t++) {
    let sum = 0;
    for (let p = 0; p < nClasses; p++) sum += counts[t * nClasses + p]!;
    if (sum === 0) continue;
    for (let p = 0; p < nClasses; p++) out[t * nClasses + p] = counts[t * nClasses + p]! / sum;
  }
  return out;
}

/**
 * Per-class accuracy (recall): for each class t, the fraction of its samples predicted as t,
 *
 *   acc_t = M[t, t] / Σ_p M[t, p]   (NaN when class t has no samples).
 *
 * @returns Float64Array of length nClasses
 * @example perClassAccuracy([0, 1, 1], [0, 0, 1], 3); // [0.5, 1, NaN]
 */
export function perClassAccuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>, nClasses: number): Float64Array {
  const m = countConfusion(predicted, labels, nClasses, 'perClassAccuracy');
  const out = new Float64Array(nClasses);
  for (let t = 0; t < nClasses; t++) {
    let sum = 0;
    for (let p = 0; p < nClasses; p++) sum += m[t * nClasses + p]!;
    out[t] = sum === 0 ? Number.NaN : m[t * nClasses + t]! / sum;
  }
  return out;
}
