import { assertInteger } from '../internal/validate';

/**
 * Binomial coefficient C(n, k), the number of k-element combinations of n items
 * (C(27, 2) = 351 odor pairs, C(27, 3) = 2,925 triplets). Exact for results < 2⁵³.
 *
 * @example combinationCount(27, 3); // 2925
 */
export function combinationCount(n: number, k: number): number {
  assertInteger(n, 'n', 'combinationCount', 0);
  assertInteger(k, 'k', 'combinationCount', 0);
  if (k > n) return 0;
  const kk = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= kk; i++) c = (c * (n - kk + i)) / i;
  return Math.round(c);
}

/**
 * The `index`-th k-combination of {0, …, n−1} in lexicographic order — the order of Python's
 * `itertools.combinations(range(n), k)`, over which the reference draws its random subsets
 * (`choice(351, 50)` / `choice(2925, 50)`, spec §4.11–4.12). Add 1 for odors 1..27.
 *
 * Unranking: at each position take the smallest next element e with
 * index < C(n − e − 1, k − pos − 1), subtracting the skipped counts.
 *
 * @example combinationAt(25, 27, 3); // [0, 2, 3]
 */
export function combinationAt(index: number, n: number, k: number): number[] {
  const fn = 'combinationAt';
  assertInteger(n, 'n', fn, 0);
  assertInteger(k, 'k', fn, 0);
  const total = combinationCount(n, k);
  if (!Number.isInteger(index) || index < 0 || index >= total) {
    throw new RangeError(`Argument 'index' passed to '${fn}' is ${index}; expected an integer in [0, ${total}) (C(${n}, ${k})).`);
  }
  const out: number[] = [];
  let rest = index;
  let e = 0;
  for (let pos = 0; pos < k; pos++) {
    for (;;) {
      const count = combinationCount(n - e - 1, k - pos - 1);
      if (rest < count) break;
      rest -= count;
      e++;
    }
    out.push(e);
    e++;
  }
  return out;
}

/**
 * All k-combinations of {0, …, n−1} in lexicographic order (`itertools.combinations`).
 *
 * @example combinations(4, 2); // [[0,1],[0,2],[0,3],[1,2],[1,3],[2,3]]
 */
export function combinations(n: number, k: number): number[][] {
  assertInteger(n, 'n', 'combinations', 0);
  assertInteger(k, 'k', 'combinations', 0);
  const out: number[][] = [];
  if (k > n) return out;
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    out.push(idx.slice());
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return out;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}
