import { assertLength, rowCount, rowDot, rowNorm } from '../internal/validate';

/** Options of {@link classifyByCentroids} and {@link centroidAccuracy}. */
export interface CentroidOptions {
  /** Norm below which a trial is silent (skipped) and at which centroid norms are floored. Default 1e−8. */
  readonly minNorm?: number;
}

/** Result of a decoder-free centroid classification. */
export interface CentroidClassification {
  /** correct / classified (NaN when nothing was classified). */
  readonly accuracy: number;
  /** Number of trials classified (trial norm ≥ minNorm). */
  readonly classified: number;
  /** Number of silent trials (norm < minNorm), excluded from the denominator. */
  readonly skipped: number;
  /** Predicted class per trial; −1 for skipped trials. */
  readonly predicted: Int32Array;
}

/**
 * Classifies each trial to the centroid of highest cosine similarity (spec §4.4 step 3, §4.7
 * `kc_centroid_acc`):
 *
 *   ŷ(x) = argmax_c  x·μ_c / (‖x‖ · max(‖μ_c‖, 1e−8)),
 *
 * first index winning ties (NumPy `argmax`). Centroid norms are **floored**, not zeroed (unlike
 * {@link cosineSimilarity}): a near-silent centroid still scores `x·μ_c / (‖x‖·1e−8)`. Trials with
 * `‖x‖ < 1e−8` (silent) are skipped and excluded from the denominator.
 *
 * @param trials row-major `nTrials × dim` response vectors (e.g. KC spike counts)
 * @param labels true class of each trial: the row index of its centroid
 * @param centroids row-major `nCentroids × dim`
 * @param dim vector length (144 KCs)
 * @example classifyByCentroids([1, 0.1, 0, 0], [0, 1], [1, 0, 0, 1], 2); // accuracy 1, classified 1, skipped 1
 */
export function classifyByCentroids(trials: ArrayLike<number>, labels: ArrayLike<number>, centroids: ArrayLike<number>, dim: number, options: CentroidOptions = {}): CentroidClassification {
  const fn = 'classifyByCentroids';
  const minNorm = options.minNorm ?? 1e-8;
  const nTrials = rowCount(trials, dim, 'trials', fn, 'dim');
  const nCentroids = rowCount(centroids, dim, 'centroids', fn, 'dim');
  assertLength(labels, nTrials, 'labels', fn, 'one label per trial');
  const centroidNorm = new Float64Array(nCentroids);
  for (let c = 0; c < nCentroids; c++) centroidNorm[c] = Math.max(rowNorm(centroids, c, dim), minNorm);
  const predicted = new Int32Array(nTrials).fill(-1);
  let correct = 0;
  let classified = 0;
  for (let t = 0; t < nTrials; t++) {
    const norm = rowNorm(trials, t, dim);
    if (norm < minNorm) continue;
    let best = -1;
    let bestScore = -Infinity;
    for (let c = 0; c < nCentroids; c++) {
      const score = rowDot(trials, t, centroids, c, dim) / (norm * centroidNorm[c]!);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    predicted[t] = best;
    classified++;
    if (best === labels[t]) correct++;
  }
  return { accuracy: classified === 0 ? Number.NaN : correct / classified, classified, skipped: nTrials - classified, predicted };
}
