import { pairwiseSeedCorrelation } from '../../src/consistency/pairwise-seed-correlation';

describe('pairwiseSeedCorrelation', () => {
  it('pairwiseSeedCorrelation(vectors) summarises r over all seed pairs with a population std', () => {
    const r01 = 5 / Math.sqrt(76 / 3); // r² = 75/76
    const s = pairwiseSeedCorrelation([
      [1, 2, 3],
      [2, 4, 7],
      [3, 2, 1],
    ]);
    expect(s.values).toHaveLength(3);
    expect(s.values[0]).toBeCloseTo(r01, 15);
    expect(s.values[1]).toBeCloseTo(-1, 15);
    expect(s.values[2]).toBeCloseTo(-r01, 15);
    expect(s.mean).toBeCloseTo(-1 / 3, 15);
    expect(s.std).toBeCloseTo(Math.sqrt((2 * (75 / 76) + 2 / 3) / 3), 14); // 0.93815
    expect(s.min).toBeCloseTo(-1, 15);
    expect(s.max).toBeCloseTo(r01, 15);
  });

  it('rejects fewer than two seeds and vectors of different lengths', () => {
    expect(() => pairwiseSeedCorrelation([[1, 2]])).toThrow(/Argument 'vectors' passed to 'pairwiseSeedCorrelation' has 1 seed\(s\); expected at least 2/);
    expect(() =>
      pairwiseSeedCorrelation([
        [1, 2],
        [1, 2, 3],
      ]),
    ).toThrow(/vectors\[1\] of length 3; expected 2/);
  });
});
