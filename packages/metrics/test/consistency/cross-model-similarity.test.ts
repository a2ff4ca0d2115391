import { crossModelSimilarity } from '../../src/consistency/cross-model-similarity';

describe('crossModelSimilarity', () => {
  it('crossModelSimilarity(modelMeans, nOdors) averages all model pairs per odor, then over odors', () => {
    // models A, B, C; odor 0: [1,0], [1,1], [2,0] → pairs 1/√2, 1, 1/√2; odor 1: [0,2], [0,0] (silent), [0,1] → 0, 1, 0
    const r = crossModelSimilarity(
      [
        [1, 0, 0, 2],
        [1, 1, 0, 0],
        [2, 0, 0, 1],
      ],
      2,
    );
    expect(r.perOdor[0]).toBeCloseTo((1 + Math.SQRT2) / 3, 15);
    expect(r.perOdor[1]).toBeCloseTo(1 / 3, 15);
    expect(r.mean).toBeCloseTo((2 + Math.SQRT2) / 6, 15); // 0.5690
  });

  it('rejects a single model, ragged models and a length that is not a multiple of nOdors', () => {
    expect(() => crossModelSimilarity([[1, 2]], 1)).toThrow(/Argument 'modelMeans' passed to 'crossModelSimilarity' has 1 model\(s\); expected at least 2/);
    expect(() => crossModelSimilarity([[1, 2], [1]], 1)).toThrow(/modelMeans\[1\] of length 1; expected 2/);
    expect(() =>
      crossModelSimilarity(
        [
          [1, 2, 3],
          [1, 2, 3],
        ],
        2,
      ),
    ).toThrow(/modelMeans\[0\] of length 3; expected a non-zero multiple of nOdors = 2/);
  });
});
