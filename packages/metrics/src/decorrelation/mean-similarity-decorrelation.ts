import { assertInteger } from '../internal/validate';
import { stageRows } from '../internal/stage-rows';
import type { Decorrelation, StagePatterns } from './stage-patterns';

/**
 * Mean absolute off-diagonal cosine similarity of `n` patterns with **floored** row norms (spec
 * §4.5b `sim(X)`):
 *
 *   x̂_i = x_i / max(‖x_i‖, minNorm),   sim(X) = (1 / (n(n−1))) Σ_{i≠j} |x̂_i·x̂_j|.
 *
 * @param patterns row-major `n × dim`
 * @param n number of patterns (≥ 2)
 * @returns NaN when n < 2
 * @example meanAbsOffDiagonalSimilarity([1, 0, 1, 1, 0, 1], 3, 2); // √2/3 ≈ 0.4714
 */
export function meanAbsOffDiagonalSimilarity(patterns: ArrayLike<number>, n: number, dim: number, minNorm = 1e-8): number {
  const fn = 'meanAbsOffDiagonalSimilarity';
  assertInteger(n, 'n', fn);
  assertInteger(dim, 'dim', fn);
  if (patterns.length !== n * dim) {
    throw new RangeError(`Argument 'patterns' passed to '${fn}' has length ${patterns.length}; expected n × dim = ${n * dim}.`);
  }
  return meanAbsOffDiagonal(
    Array.from({ length: n }, (_, i) => Array.prototype.slice.call(patterns, i * dim, (i + 1) * dim) as number[]),
    minNorm,
  );
}

function meanAbsOffDiagonal(rows: number[][], minNorm: number): number {
  const n = rows.length;
  if (n < 2) return Number.NaN;
  const unit = rows.map((r) => {
    let s = 0;
    for (const x of r) s += x * x;
    const norm = Math.max(Math.sqrt(s), minNorm);
    return r.map((x) => x / norm);
  });
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      const a = unit[i]!;
      const b = unit[j]!;
      for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!;
      sum += 2 * Math.abs(dot); // (i, j) and (j, i)
    }
  }
  return sum / (n * (n - 1));
}

/** Result of {@link meanSimilarityDecorrelation}: percentages plus the three mean similarities. */
export interface MeanSimilarityDecorrelation extends Decorrelation {
  readonly simOr: number;
  readonly simPn: number;
  readonly simKc: number;
}

/**
 * Mean-similarity decorrelation, the training monitor (spec §4.5b; AL ≈ −25% at epoch 50 rising to
 * ≈ +5% at epoch 300):
 *
 *   AL = (1 − sim_PN / max(sim_OR, 1e−8))·100,  MB = (1 − sim_KC / max(sim_PN, 1e−8))·100,
 *   total = (1 − sim_KC / max(sim_OR, 1e−8))·100,
 *
 * with `sim` = {@link meanAbsOffDiagonalSimilarity} of the trial-mean patterns.
 *
 * @param patterns trial-mean OR / PN / KC patterns, each row-major `nOdors × dim`
 * @param nOdors number of odors (≥ 2)
 */
export function meanSimilarityDecorrelation(patterns: StagePatterns, nOdors: number): MeanSimilarityDecorrelation {
  const fn = 'meanSimilarityDecorrelation';
  assertInteger(nOdors, 'nOdors', fn, 2);
  const rows = stageRows(patterns, nOdors, fn);
  const simOr = meanAbsOffDiagonal(rows.or, 1e-8);
  const simPn = meanAbsOffDiagonal(rows.pn, 1e-8);
  const simKc = meanAbsOffDiagonal(rows.kc, 1e-8);
  return {
    alPercent: (1 - simPn / Math.max(simOr, 1e-8)) * 100,
    mbPercent: (1 - simKc / Math.max(simPn, 1e-8)) * 100,
    totalPercent: (1 - simKc / Math.max(simOr, 1e-8)) * 100,
    simOr,
    simPn,
    simKc,
  };
}
