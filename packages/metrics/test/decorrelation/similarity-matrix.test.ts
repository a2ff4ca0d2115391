import { similarityMatrix } from '../../src/decorrelation/similarity-matrix';

describe('similarityMatrix', () => {
  it('similarityMatrix(patterns, n, dim) is the symmetric matrix of pairwise cosines', () => {
    const s = similarityMatrix([1, 0, 1, 1, 0, 1], 3, 2);
    const h = Math.SQRT1_2;
    const expected = [1, h, 0, h, 1, h, 0, h, 1];
    expected.forEach((v, k) => expect(s[k]).toBeCloseTo(v, 15));
  });

  it('has the expected defaults: a silent pattern (norm < 1e−8) is similar to nothing, itself included', () => {
    const s = similarityMatrix([0, 0, 1, 2], 2, 2);
    expect(Array.from(s.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(s[3]).toBeCloseTo(1, 15);
  });

  it('rejects patterns whose length is not n × dim', () => {
    expect(() => similarityMatrix([1, 2, 3], 2, 2)).toThrow(/Argument 'patterns' passed to 'similarityMatrix' has length 3; expected n × dim = 4/);
    expect(() => similarityMatrix([1, 2], 2, 0)).toThrow(/Argument 'dim' passed to 'similarityMatrix' is 0/);
  });
});
