import { combinationAt, combinationCount, combinations } from '../../src/mixtures/combinations';

describe('combinationCount', () => {
  it('combinationCount(n, k) is C(n, k): 351 pairs and 2,925 triplets of 27 odors', () => {
    expect(combinationCount(27, 2)).toBe(351);
    expect(combinationCount(27, 3)).toBe(2925);
    expect(combinationCount(5, 0)).toBe(1);
    expect(combinationCount(2, 3)).toBe(0);
  });
});

describe('combinations', () => {
  it('combinations(n, k) enumerates in lexicographic (itertools) order', () => {
    expect(combinations(4, 2)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(combinations(27, 3)).toHaveLength(2925);
  });
});

describe('combinationAt', () => {
  it('combinationAt(index, n, k) unranks lexicographically', () => {
    expect(combinationAt(0, 27, 2)).toEqual([0, 1]);
    expect(combinationAt(25, 27, 2)).toEqual([0, 26]);
    expect(combinationAt(26, 27, 2)).toEqual([1, 2]);
    expect(combinationAt(350, 27, 2)).toEqual([25, 26]);
    expect(combinationAt(25, 27, 3)).toEqual([0, 2, 3]); // after [0,1,2] … [0,1,26]
    expect(combinationAt(2924, 27, 3)).toEqual([24, 25, 26]);
  });

  it('combinationAt agrees with combinations for every triplet of 27 odors', () => {
    const all = combinations(27, 3);
    all.forEach((c, i) => {
      if (combinationAt(i, 27, 3).join() !== c.join()) throw new Error(`mismatch at ${i}`);
    });
  });

  it('rejects an index outside [0, C(n, k))', () => {
    expect(() => combinationAt(351, 27, 2)).toThrow(/Argument 'index' passed to 'combinationAt' is 351; expected an integer in \[0, 351\) \(C\(27, 2\)\)/);
    expect(() => combinationAt(-1, 27, 2)).toThrow(/is -1/);
  });
});
