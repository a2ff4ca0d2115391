import { meanPatternSum, meanSimilarityToBaseline } from '../../src/concentration/concentration-patterns';

describe('meanPatternSum', () => {
  it('meanPatternSum(patterns, nOdors) averages the per-odor sums', () => {
    expect(meanPatternSum([1, 2, 3, 4], 2)).toBe(5);
    expect(meanPatternSum(Float32Array.of(1, 2, 3, 4, 5, 6), 3)).toBe(7);
  });

  it('rejects a length that is not a multiple of nOdors', () => {
    expect(() => meanPatternSum([1, 2, 3], 2)).toThrow(/Argument 'patterns' passed to 'meanPatternSum' has length 3; expected a multiple of nOdors = 2/);
  });
});

describe('meanSimilarityToBaseline', () => {
  it('meanSimilarityToBaseline(patterns, baseline, nOdors) has the expected defaults: nothing subtracted', () => {
    // odor 0: cos([1,0],[1,1]) = 1/√2; odor 1: cos([0,1],[0,1]) = 1
    expect(meanSimilarityToBaseline([1, 0, 0, 1], [1, 1, 0, 1], 2)).toBeCloseTo((Math.SQRT1_2 + 1) / 2, 15);
  });

  it('meanSimilarityToBaseline(patterns, baseline, nOdors, sfr) subtracts the reference from both', () => {
    // sfr = [1, 1]: odor 0: [1,2]−sfr = [0,1] vs [1,3]−sfr = [0,2] → 1; odor 1: [2,1]−sfr = [1,0] vs [1,2]−sfr = [0,1] → 0
    expect(meanSimilarityToBaseline([1, 2, 2, 1], [1, 3, 1, 2], 2, [1, 1])).toBe(0.5);
  });

  it('rejects a baseline or reference of the wrong length', () => {
    expect(() => meanSimilarityToBaseline([1, 2], [1], 1)).toThrow(/Argument 'baseline' passed to 'meanSimilarityToBaseline' has length 1; expected 2/);
    expect(() => meanSimilarityToBaseline([1, 2], [1, 2], 1, [0])).toThrow(/Argument 'subtract' passed to 'meanSimilarityToBaseline' has length 1; expected 2/);
  });
});
