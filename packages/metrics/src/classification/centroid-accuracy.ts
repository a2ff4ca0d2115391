import { assertLabels, assertLength, rowCount } from '../internal/validate';
import { classifyByCentroids } from './classify-by-centroids';
import type { CentroidClassification, CentroidOptions } from './classify-by-centroids';

/**
 * Decoder-free centroid accuracy (spec §4.4; canonical 65.9 ± 0.5%). Trials are grouped by odor,
 * keeping their order; for an odor with n trials, `half = ⌊n/2⌋`:
 *
 *   μ_o = mean of the first `half` trials of odor o,
 *   each remaining trial x of odor o → ŷ = argmax_c x·μ_c / (‖x‖ max(‖μ_c‖, 1e−8)),
 *   accuracy = #{ŷ = o} / #{classified};   trials with ‖x‖ < 1e−8 are skipped.
 *
 * (With the reference's equal trial counts this is exactly `n_trials // 2` per odor.)
 *
 * @param responses row-major `nTrials × dim` (e.g. 28·50 KC spike-count vectors)
 * @param labels odor index of each trial, integers in [0, nOdors); nOdors = max label + 1
 * @param dim vector length (144 KCs)
 * @returns accuracy, classified and skipped counts, and the prediction per trial (−1 for
 *   first-half and skipped trials)
 * @example
 *   // odor 0: [1,0],[1,0],[1,1],[0,0]; odor 1: [0,1],[0,1],[0,2],[2,1] (trial order within odor)
 *   centroidAccuracy(trials, labels, 2); // { accuracy: 2/3, classified: 3, skipped: 1, … }
 */
export function centroidAccuracy(responses: ArrayLike<number>, labels: ArrayLike<number>, dim: number, options: CentroidOptions = {}): CentroidClassification {
  const fn = 'centroidAccuracy';
  const nTrials = rowCount(responses, dim, 'responses', fn, 'dim');
  assertLength(labels, nTrials, 'labels', fn, 'one odor label per trial');
  let nOdors = 0;
  for (let i = 0; i < nTrials; i++) nOdors = Math.max(nOdors, labels[i]! + 1);
  assertLabels(labels, nOdors, 'labels', fn);
  const byOdor: number[][] = Array.from({ length: nOdors }, () => []);
  for (let i = 0; i < nTrials; i++) byOdor[labels[i]!]!.push(i);
  const centroids = new Float64Array(nOdors * dim);
  const testRows: number[] = [];
  byOdor.forEach((rows, o) => {
    if (rows.length < 2) {
      throw new RangeError(
        `Argument 'labels' passed to '${fn}' has ${rows.length} trial(s) of odor ${o}; expected ≥ 2 per odor in [0, ${nOdors}) (first half builds the centroid, second half is classified).`,
      );
    }
    const half = Math.floor(rows.length / 2);
    for (let k = 0; k < half; k++) {
      const r = rows[k]!;
      for (let d = 0; d < dim; d++) centroids[o * dim + d]! += responses[r * dim + d]! / half;
    }
    for (let k = half; k < rows.length; k++) testRows.push(rows[k]!);
  });
  testRows.sort((a, b) => a - b);
  const testTrials = new Float64Array(testRows.length * dim);
  const testLabels = new Int32Array(testRows.length);
  testRows.forEach((r, i) => {
    for (let d = 0; d < dim; d++) testTrials[i * dim + d] = responses[r * dim + d]!;
    testLabels[i] = labels[r]!;
  });
  const result = classifyByCentroids(testTrials, testLabels, centroids, dim, options);
  const predicted = new Int32Array(nTrials).fill(-1);
  testRows.forEach((r, i) => {
    predicted[r] = result.predicted[i]!;
  });
  return { accuracy: result.accuracy, classified: result.classified, skipped: result.skipped, predicted };
}
