import { assertInteger } from '../internal/validate';
import { cosineSimilarity } from '../similarity/cosine-similarity';

/** Result of {@link crossModelSimilarity}. */
export interface CrossModelSimilarity {
  /** Mean over odors of the per-odor value (reference KC value 0.942). */
  readonly mean: number;
  /** Per odor: mean cosine over all unordered model pairs. */
  readonly perOdor: Float64Array;
}

/**
 * Cross-model pattern similarity (spec §4.8, "0.942"): for each odor o, the trial-mean pattern of
 * each model m is L2-normalised with the norm floored at 1e−8, then
 *
 *   s_o = mean_{m < m'} cos(x̂_{m,o}, x̂_{m',o}),   result = mean_o s_o,
 *
 * where cos is 0 when a (normalised) vector has norm < 1e−8, i.e. a silent model.
 *
 * @param modelMeans one row-major `nOdors × dim` matrix of trial-mean KC counts per model (seed)
 * @param nOdors number of odors (28)
 * @example crossModelSimilarity([[1, 0, 0, 2], [1, 1, 0, 0]], 2); // perOdor [0.7071, 0], mean 0.3536
 */
export function crossModelSimilarity(modelMeans: readonly ArrayLike<number>[], nOdors: number): CrossModelSimilarity {
  const fn = 'crossModelSimilarity';
  assertInteger(nOdors, 'nOdors', fn);
  if (modelMeans.length < 2) {
    throw new RangeError(`Argument 'modelMeans' passed to '${fn}' has ${modelMeans.length} model(s); expected at least 2.`);
  }
  const len = modelMeans[0]!.length;
  if (len === 0 || len % nOdors !== 0) {
    throw new RangeError(`Argument 'modelMeans' passed to '${fn}' has modelMeans[0] of length ${len}; expected a non-zero multiple of nOdors = ${nOdors}.`);
  }
  modelMeans.forEach((m, i) => {
    if (m.length !== len) {
      throw new RangeError(`Argument 'modelMeans' passed to '${fn}' has modelMeans[${i}] of length ${m.length}; expected ${len} (length of modelMeans[0]).`);
    }
  });
  const dim = len / nOdors;
  const perOdor = new Float64Array(nOdors);
  for (let o = 0; o < nOdors; o++) {
    const unit = modelMeans.map((m) => {
      const v = Array.prototype.slice.call(m, o * dim, (o + 1) * dim) as number[];
      const norm = Math.max(Math.hypot(...v), 1e-8);
      return v.map((x) => x / norm);
    });
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < unit.length; i++) {
      for (let j = i + 1; j < unit.length; j++) {
        sum += cosineSimilarity(unit[i]!, unit[j]!);
        pairs++;
      }
    }
    perOdor[o] = sum / pairs;
  }
  let total = 0;
  for (const v of perOdor) total += v;
  return { mean: total / nOdors, perOdor };
}
