import { stratifiedKFold } from '../../src/mixtures/stratified-k-fold';

describe('stratifiedKFold', () => {
  it('stratifiedKFold has the expected defaults: 5 folds, contiguous blocks per class, no shuffling', () => {
    // 10 of class 0 then 5 of class 1: sorted positions dealt round-robin → 2 of class 0 and 1 of class 1 per fold
    const labels = [...Array(10).fill(0), ...Array(5).fill(1)];
    expect(Array.from(stratifiedKFold(labels))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 0, 1, 2, 3, 4]);
  });

  it('stratifiedKFold(labels, nSplits) follows sklearn: classes encoded by first appearance, allocation by round-robin over sorted codes', () => {
    // codes: 5 → 0 (first seen), 2 → 1. Sorted codes [0,0,0,0,1,1,1,1] dealt into 3 folds:
    // fold 0 gets positions 0,3,6 → two of class 5, one of class 2; fold 1: 1,4,7 → one of 5, two of 2; fold 2: 2,5 → one each.
    // class 5 (indices 0,2,4,6) → folds 0,0,1,2; class 2 (indices 1,3,5,7) → folds 0,1,1,2.
    expect(Array.from(stratifiedKFold([5, 2, 5, 2, 5, 2, 5, 2], 3))).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
    // Encoding by sorted value instead would give [0, 0, 1, 0, 1, 1, 2, 2].
  });

  it('keeps the original order within a class when classes are interleaved', () => {
    // 'b','a','b','a','b','b','a','b' → b = code 0 (5 samples), a = code 1 (3); K = 3
    // sorted [0,0,0,0,0,1,1,1]: fold 0 ← positions 0,3,6 (b,b,a), fold 1 ← 1,4,7 (b,b,a), fold 2 ← 2,5 (b,a)
    expect(Array.from(stratifiedKFold([1, 0, 1, 0, 1, 1, 0, 1], 3))).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
  });

  it('rejects nSplits < 2, more splits than samples, and every class smaller than nSplits', () => {
    expect(() => stratifiedKFold([0, 1], 1)).toThrow(/Argument 'nSplits' passed to 'stratifiedKFold' is 1; expected an integer ≥ 2/);
    expect(() => stratifiedKFold([0, 1], 3)).toThrow(/expected at most the number of samples \(2\)/);
    expect(() => stratifiedKFold([0, 0, 1, 1], 3)).toThrow(/n_splits=3 cannot be greater than the number of members in each class/);
  });
});
