/** Ranks 1…n with ties given their average rank (as `scipy.stats.rankdata`). */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]!] === x[order[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/**
 * Spearman rank correlation ρ: the Pearson correlation of average ranks, over the pairs where
 * both values are finite (as `scipy.stats.spearmanr(x, y, nan_policy='omit')`). NaN with fewer
 * than 2 pairs or a constant side.
 *
 * @example spearmanRankCorrelation([1, 2, 3, 4], [10, 20, 40, 30]); // 0.8
 */
export function spearmanRankCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`Argument 'y' passed to 'spearmanRankCorrelation' has length ${y.length}; expected ${x.length} (length of x).`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) (xs.push(x[i]!), ys.push(y[i]!));
  const n = xs.length;
  if (n < 2) return NaN;
  const rx = averageRanks(xs);
  const ry = averageRanks(ys);
  const m = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - m) * (ry[i]! - m);
    sxx += (rx[i]! - m) ** 2;
    syy += (ry[i]! - m) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/**
 * Map order: Spearman ρ between each active cell's index and its preferred position (NaN
 * positions — silent cells — are left out). +1: a perfect head → tail map in index order; ≈ 0:
 * no order. Also returns how many cells entered.
 */
export function mapRankCorrelation(preferredCm: ArrayLike<number>): { readonly rho: number; readonly nCells: number } {
  const idx = Float64Array.from({ length: preferredCm.length }, (_, i) => i);
  let nCells = 0;
  for (let i = 0; i < preferredCm.length; i++) if (Number.isFinite(preferredCm[i]!)) nCells++;
  return { rho: spearmanRankCorrelation(idx, preferredCm), nCells };
}
