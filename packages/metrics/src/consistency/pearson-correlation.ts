import { assertLength } from '../internal/validate';

/**
 * Pearson correlation coefficient of two equally long vectors (flattened parameters):
 *
 *   r = Σ (aᵢ − ā)(bᵢ − b̄) / √[Σ (aᵢ − ā)² · Σ (bᵢ − b̄)²].
 *
 * NaN when either vector is constant (as `np.corrcoef`).
 *
 * @example pearsonCorrelation([1, 2, 3], [3, 2, 1]); // −1
 */
export function pearsonCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const fn = 'pearsonCorrelation';
  assertLength(b, a.length, 'b', fn, 'length of a');
  if (a.length < 2) {
    throw new RangeError(`Argument 'a' passed to '${fn}' has length ${a.length}; expected at least 2 values.`);
  }
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  return sab / Math.sqrt(saa * sbb);
}
