import { cosineSimilarity } from '../../src/similarity/cosine-similarity';

describe('cosineSimilarity', () => {
  it('cosineSimilarity(a, b) is 1 for parallel, 0 for orthogonal and −1 for opposite vectors', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, -1], [-2, 2])).toBeCloseTo(-1, 12);
  });

  it('matches a hand computation: [1, 0] · [1, 1] → 1/√2', () => {
    expect(cosineSimilarity(Float32Array.of(1, 0), Float32Array.of(1, 1))).toBeCloseTo(Math.SQRT1_2, 7);
  });

  it('is 0 when either norm is below 1e−8 (silent responses)', () => {
    expect(cosineSimilarity([0, 0, 0], [1, 2, 3])).toBe(0);
    expect(cosineSimilarity([1e-9, 0], [1, 0])).toBe(0);
    expect(cosineSimilarity([1e-7, 0], [1, 0])).toBeCloseTo(1, 12);
  });

  it('rejects vectors of different lengths', () => {
    expect(() => cosineSimilarity([1, 2], [1])).toThrow(/Argument 'b' passed to 'cosineSimilarity' has length 1; expected 2/);
  });
});
