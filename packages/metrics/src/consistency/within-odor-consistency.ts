import { assertLabels, assertLength, rowCount, rowNorm } from '../internal/validate';

/** Result of {@link withinOdorConsistency}. */
export interface WithinOdorConsistency {
  /** Per odor: mean cosine over unordered pairs of its own trials (NaN with < 2 trials). */
  readonly withinPerOdor: Float64Array;
  /** Per odor: mean cosine between its trials and every trial of the other odors (NaN if none). */
  readonly betweenPerOdor: Float64Array;
  /** Mean of withinPerOdor over odors where it is defined. */
  readonly meanWithin: number;
  /** Mean of betweenPerOdor over odors where it is defined. */
  readonly meanBetween: number;
}

/**
 * Within-odor trial-to-trial consistency of a code (Fig. S3; the reference's code was not
 * visible, spec §4.14 — this is the definition chosen here). With cos(x, y) = 0 when a norm is
 * below 1e−8 (silent trials count as dissimilar to everything):
 *
 *   within(o)  = mean_{i < j, y_i = y_j = o} cos(x_i, x_j),
 *   between(o) = mean_{y_i = o, y_j ≠ o} cos(x_i, x_j)      (trial level, the same scale as within).
 *
 * @param trials row-major `nTrials × dim` (e.g. KC spike counts of repeated noisy trials)
 * @param labels odor index of each trial, integers in [0, nOdors); nOdors = max label + 1
 * @param dim vector length
 * @example withinOdorConsistency([1, 0, 1, 1, 0, 1, 0, 2], [0, 0, 1, 1], 2);
 *   // withinPerOdor [0.7071, 1], betweenPerOdor [0.3536, 0.3536]
 */
export function withinOdorConsistency(trials: ArrayLike<number>, labels: ArrayLike<number>, dim: number): WithinOdorConsistency {
  const fn = 'withinOdorConsistency';
  const n = rowCount(trials, dim, 'trials', fn, 'dim');
  assertLength(labels, n, 'labels', fn, 'one odor label per trial');
  let nOdors = 0;
  for (let i = 0; i < n; i++) nOdors = Math.max(nOdors, labels[i]! + 1);
  assertLabels(labels, nOdors, 'labels', fn);
  const unit = new Float64Array(n * dim);
  // the nonzero entries of each unit row, in order (rows [start[i], start[i+1]) of `nz`)
  const start = new Int32Array(n + 1);
  const nz: number[] = [];
  let finite = true;
  for (let i = 0; i < n; i++) {
    const norm = rowNorm(trials, i, dim);
    if (norm < 1e-8) {
      // silent: stays the zero vector → cos 0 (a NaN norm fails the test above and is kept)
      start[i + 1] = nz.length;
      continue;
    }
    for (let d = 0; d < dim; d++) {
      const u = trials[i * dim + d]! / norm;
      unit[i * dim + d] = u;
      if (u !== 0) nz.push(d);
      if (!Number.isFinite(u)) finite = false;
    }
    start[i + 1] = nz.length;
  }
  const nzIdx = Int32Array.from(nz);
  const wSum = new Float64Array(nOdors);
  const wCount = new Float64Array(nOdors);
  const bSum = new Float64Array(nOdors);
  const bCount = new Float64Array(nOdors);
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    const k0 = start[i]!;
    const k1 = start[i + 1]!;
    for (let j = i + 1; j < n; j++) {
      let c = 0;
      const oj = j * dim;
      if (finite) {
        // Sparse codes (KC counts): only row i's nonzero terms, in the same order. The skipped
        // terms are ±0, and adding ±0 to a sum that starts at +0 never changes it (the sum is
        // never −0), so the result is the dense loop's bit for bit.
        for (let k = k0; k < k1; k++) {
          const d = nzIdx[k]!;
          c += unit[oi + d]! * unit[oj + d]!;
        }
      } else {
        for (let d = 0; d < dim; d++) c += unit[oi + d]! * unit[oj + d]!;
      }
      const a = labels[i]!;
      const b = labels[j]!;
      if (a === b) {
        wSum[a]! += c;
        wCount[a]!++;
      } else {
        bSum[a]! += c;
        bCount[a]!++;
        bSum[b]! += c;
        bCount[b]!++;
      }
    }
  }
  const withinPerOdor = wSum.map((s, o) => (wCount[o]! > 0 ? s / wCount[o]! : Number.NaN));
  const betweenPerOdor = bSum.map((s, o) => (bCount[o]! > 0 ? s / bCount[o]! : Number.NaN));
  return { withinPerOdor, betweenPerOdor, meanWithin: nanMean(withinPerOdor), meanBetween: nanMean(betweenPerOdor) };
}

function nanMean(values: Float64Array): number {
  let s = 0;
  let k = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    s += v;
    k++;
  }
  return k === 0 ? Number.NaN : s / k;
}
