import { assertInteger } from '../internal/validate';

/**
 * Test-fold index of every sample under scikit-learn's `StratifiedKFold(n_splits, shuffle=False)`
 * (the `cv=5` of `cross_val_score` for classifiers, spec §4.11), reproducing its exact rule
 * (`_make_test_folds`):
 *
 *   1. classes are encoded in order of **first appearance** in `labels`;
 *   2. the encoded labels are sorted and dealt round-robin into the folds: fold f receives sorted
 *      positions f, f + K, f + 2K, …, giving allocation[f][c] samples of class c;
 *   3. the samples of class c, in their original order, get fold 0 for the first allocation[0][c],
 *      fold 1 for the next allocation[1][c], and so on (contiguous blocks).
 *
 * Like scikit-learn it throws when **every** class has fewer than `nSplits` members (it only warns
 * when some class does).
 *
 * @param labels class label per sample (any numbers; compared with ===)
 * @param nSplits number of folds K ≥ 2, default 5
 * @returns Int32Array: test fold of each sample, in [0, nSplits)
 * @example stratifiedKFold([5, 2, 5, 2, 5, 2, 5, 2], 3); // [0, 0, 0, 1, 1, 1, 2, 2]
 */
export function stratifiedKFold(labels: ArrayLike<number>, nSplits = 5): Int32Array {
  const fn = 'stratifiedKFold';
  assertInteger(nSplits, 'nSplits', fn, 2);
  const n = labels.length;
  if (nSplits > n) {
    throw new RangeError(`Argument 'nSplits' passed to '${fn}' is ${nSplits}; expected at most the number of samples (${n}).`);
  }
  const code = new Map<number, number>();
  const encoded = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c = code.get(labels[i]!);
    if (c === undefined) {
      c = code.size;
      code.set(labels[i]!, c);
    }
    encoded[i] = c;
  }
  const nClasses = code.size;
  const counts = new Int32Array(nClasses);
  for (const c of encoded) counts[c]!++;
  if (counts.every((k) => nSplits > k)) {
    throw new RangeError(
      `Argument 'nSplits' passed to '${fn}' is ${nSplits}; n_splits=${nSplits} cannot be greater than the number of members in each class (largest class has ${Math.max(...counts)}).`,
    );
  }
  // allocation[f][c] = #{ p ≡ f (mod K) : sorted[p] = c }
  const allocation = Array.from({ length: nSplits }, () => new Int32Array(nClasses));
  let p = 0;
  for (let c = 0; c < nClasses; c++) {
    for (let j = 0; j < counts[c]!; j++, p++) allocation[p % nSplits]![c]!++;
  }
  const folds = new Int32Array(n);
  const fold = new Int32Array(nClasses); // current fold per class
  const used = new Int32Array(nClasses); // samples of that class already placed in the current fold
  for (let i = 0; i < n; i++) {
    const c = encoded[i]!;
    while (used[c]! >= allocation[fold[c]!]![c]!) {
      fold[c]!++;
      used[c] = 0;
    }
    folds[i] = fold[c]!;
    used[c]!++;
  }
  return folds;
}
