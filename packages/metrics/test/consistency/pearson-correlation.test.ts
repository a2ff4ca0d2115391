import { pearsonCorrelation } from '../../src/consistency/pearson-correlation';

describe('pearsonCorrelation', () => {
  it('pearsonCorrelation(a, b) matches a hand computation: [1,2,3] vs [2,4,7] → 5/√(76/3)', () => {
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 7])).toBeCloseTo(5 / Math.sqrt(76 / 3), 15); // 0.99340
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
  });

  it('is NaN for a constant vector', () => {
    expect(pearsonCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('rejects vectors of different lengths or shorter than 2', () => {
    expect(() => pearsonCorrelation([1, 2], [1])).toThrow(/Argument 'b' passed to 'pearsonCorrelation' has length 1; expected 2/);
    expect(() => pearsonCorrelation([1], [1])).toThrow(/Argument 'a' passed to 'pearsonCorrelation' has length 1; expected at least 2/);
  });
});
