import { createRng } from '@olfactory/neurons';
import { epochOrder, fillNoisyOdorSamples } from '../../src/data/noisy-odor-samples';

describe('fillNoisyOdorSamples', () => {
  const odors = Float32Array.from([0.5, 0.2, 0, 1, 0.3, 0.1]); // 2 odors × 3 receptors
  const fetch = (indices: number[], stream = 7, seed = 42) => {
    const x = new Float32Array(indices.length * 3);
    const y = new Int32Array(indices.length);
    fillNoisyOdorSamples(odors, 3, 10, indices, createRng(seed), stream, x, y);
    return { x, y };
  };

  it('labels sample i with odor ⌊i / repeats⌋', () => {
    expect(Array.from(fetch([0, 9, 10, 19]).y)).toEqual([0, 0, 1, 1]);
  });

  it('gives a sample the same noise whatever batch it is fetched in, and new noise in another stream', () => {
    const alone = fetch([13]).x;
    const inBatch = fetch([2, 13, 5]).x.subarray(3, 6);
    expect(Array.from(inBatch)).toEqual(Array.from(alone));
    expect(Array.from(fetch([13], 8).x)).not.toEqual(Array.from(alone));
  });

  it('is multiplicative noise clamped at 0: zero inputs stay 0, mean ≈ clean value, CV ≈ 0.3', () => {
    const n = 4000;
    const x = new Float32Array(n * 3);
    const y = new Int32Array(n);
    // repeats = n: samples n..2n−1 are all odor 1 (clean [1, 0.3, 0.1]).
    fillNoisyOdorSamples(
      odors,
      3,
      n,
      Array.from({ length: n }, (_, i) => n + i),
      createRng(42),
      7,
      x,
      y,
    );
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      expect(y[i]).toBe(1);
      for (let r = 0; r < 3; r++) expect(x[i * 3 + r]).toBeGreaterThanOrEqual(0);
      const v = x[i * 3]!;
      sum += v;
      sq += v * v;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sq / n - mean * mean);
    expect(mean).toBeGreaterThan(0.98);
    expect(mean).toBeLessThan(1.02);
    expect(sd).toBeGreaterThan(0.28);
    expect(sd).toBeLessThan(0.32);
    expect(fetch([0]).x[2]).toBe(0); // odor 0, receptor 2 is 0 → stays 0
  });
});

describe('epochOrder', () => {
  it('is a permutation, reproducible from (seed, stream) and different across epochs', () => {
    const a = epochOrder(280, createRng(42), 1);
    expect(Array.from(a).sort((p, q) => p - q)).toEqual(Array.from({ length: 280 }, (_, i) => i));
    expect(Array.from(epochOrder(280, createRng(42), 1))).toEqual(Array.from(a));
    expect(Array.from(epochOrder(280, createRng(42), 2))).not.toEqual(Array.from(a));
  });
});
