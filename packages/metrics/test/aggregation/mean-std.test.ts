import { meanStd } from '../../src/aggregation/mean-std';

describe('meanStd', () => {
  it('meanStd(values) has the expected defaults: population std (ddof = 0), not the sample std', () => {
    // [1, 2, 3, 4]: mean 2.5, Σ(x − μ)² = 5 → √(5/4) = 1.1180 (ddof = 1 would give 1.2910)
    const r = meanStd([1, 2, 3, 4]);
    expect(r.mean).toBe(2.5);
    expect(r.std).toBeCloseTo(Math.sqrt(1.25), 15);
  });

  it('meanStd(values) of one value has std 0', () => {
    expect(meanStd(Float32Array.of(0.703))).toEqual({ mean: Math.fround(0.703), std: 0 });
  });

  it('rejects an empty list', () => {
    expect(() => meanStd([])).toThrow(/Argument 'values' passed to 'meanStd' is empty/);
  });
});
