import { meanAbsOffDiagonalSimilarity, meanSimilarityDecorrelation } from '../../src/decorrelation/mean-similarity-decorrelation';

describe('meanAbsOffDiagonalSimilarity', () => {
  it('meanAbsOffDiagonalSimilarity(patterns, n, dim) is the mean |cos| over ordered off-diagonal pairs', () => {
    // |cos|: (0,1) = 1/√2, (0,2) = 0, (1,2) = 1/√2 → √2/3; a sign flip does not change it
    expect(meanAbsOffDiagonalSimilarity([1, 0, 1, 1, 0, 1], 3, 2)).toBeCloseTo(Math.SQRT2 / 3, 15);
    expect(meanAbsOffDiagonalSimilarity([1, 0, -1, -1, 0, 1], 3, 2)).toBeCloseTo(Math.SQRT2 / 3, 15);
  });

  it('has the expected defaults: row norms are floored at 1e−8 (a 1e−9 row scores 0.1, not 0)', () => {
    expect(meanAbsOffDiagonalSimilarity([1e-9, 0, 1, 0], 2, 2)).toBeCloseTo(0.1, 12);
  });

  it('rejects patterns whose length is not n × dim', () => {
    expect(() => meanAbsOffDiagonalSimilarity([1, 2, 3], 2, 2)).toThrow(/Argument 'patterns' passed to 'meanAbsOffDiagonalSimilarity' has length 3; expected n × dim = 4/);
  });
});

describe('meanSimilarityDecorrelation', () => {
  it('meanSimilarityDecorrelation(patterns, nOdors) compares stage similarities', () => {
    const d = meanSimilarityDecorrelation({ or: [1, 0, 1, 1, 0, 1], pn: [1, 0, 0.6, 0.8, 0, 1], kc: [1, 0, 0, 1, 1, 1] }, 3);
    expect(d.simOr).toBeCloseTo(Math.SQRT2 / 3, 15);
    expect(d.simPn).toBeCloseTo(1.4 / 3, 15);
    expect(d.simKc).toBeCloseTo(Math.SQRT2 / 3, 15);
    expect(d.alPercent).toBeCloseTo((1 - 1.4 / Math.SQRT2) * 100, 12); // 1.005
    expect(d.mbPercent).toBeCloseTo((1 - Math.SQRT2 / 1.4) * 100, 12); // −1.015
    expect(d.totalPercent).toBeCloseTo(0, 12);
  });

  it('floors the denominators at 1e−8: orthogonal OR and PN give AL = 100%, not NaN', () => {
    const d = meanSimilarityDecorrelation({ or: [1, 0, 0, 1], pn: [0, 1, 1, 0], kc: [1, 1, 1, 1] }, 2);
    expect(d.alPercent).toBe(100);
    expect(d.mbPercent).toBeCloseTo((1 - 1 / 1e-8) * 100, 0);
  });

  it('rejects fewer than two odors', () => {
    expect(() => meanSimilarityDecorrelation({ or: [1], pn: [1], kc: [1] }, 1)).toThrow(/Argument 'nOdors' passed to 'meanSimilarityDecorrelation' is 1; expected an integer ≥ 2/);
  });
});
