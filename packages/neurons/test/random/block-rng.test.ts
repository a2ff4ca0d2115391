import { BlockRng } from '../../src/index';
import { ksStatistic, meanVariance, normalCdf } from '../helpers/statistics';

describe('BlockRng', () => {
  it('BlockRng(1, 2, 3, 4).nextUint32() reproduces the xoshiro128** 1.1 reference outputs', () => {
    const g = new BlockRng(1, 2, 3, 4);
    const got = Array.from({ length: 10 }, () => g.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('BlockRng(0, 0, 0, 0) replaces the all-zero fixed point by (1, 0, 0, 0)', () => {
    expect(new BlockRng(0, 0, 0, 0).getState()).toEqual([1, 0, 0, 0]);
  });

  it('fillNormal(out, offset, count) gives the same values as count calls of nextNormal()', () => {
    const a = new BlockRng(9, 8, 7, 6);
    const b = new BlockRng(9, 8, 7, 6);
    const out = new Float64Array(5003);
    a.fillNormal(out, 3, 5000);
    expect(out[0]).toBe(0);
    const one = Float64Array.from({ length: 5000 }, () => b.nextNormal());
    expect(out.subarray(3)).toEqual(one);
    expect(a.getState()).toEqual(b.getState());
  });

  it('fillNormal(out, offset, count, mean, std) scales and shifts the standard normals', () => {
    const z = new Float64Array(100);
    const y = new Float64Array(100);
    new BlockRng(5, 5, 5, 5).fillNormal(z, 0, 100);
    new BlockRng(5, 5, 5, 5).fillNormal(y, 0, 100, 2, 0.5);
    for (let i = 0; i < 100; i++) expect(y[i]).toBeCloseTo(2 + 0.5 * z[i]!, 14);
  });

  it('nextNormal() has mean 0, variance 1, zero skew, kurtosis 3 and passes a KS test (n = 400,000)', () => {
    const n = 400_000;
    const x = new Float64Array(n);
    new BlockRng(123, 456, 789, 1011).fillNormal(x, 0, n);
    const { mean, variance } = meanVariance(x);
    let m3 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i]! - mean;
      m3 += d ** 3;
      m4 += d ** 4;
    }
    const skew = m3 / n / variance ** 1.5;
    const kurt = m4 / n / variance ** 2;
    // standard errors: mean 1/√n = 0.0016, variance √(2/n) = 0.0022, skew √(6/n) = 0.0039, kurtosis √(24/n) = 0.0077
    expect(Math.abs(mean)).toBeLessThan(0.008);
    expect(Math.abs(variance - 1)).toBeLessThan(0.011);
    expect(Math.abs(skew)).toBeLessThan(0.02);
    expect(Math.abs(kurt - 3)).toBeLessThan(0.04);
    // KS: the 0.1 % critical value is 1.95/√n = 0.0031.
    expect(ksStatistic(x.subarray(0, 100_000), normalCdf)).toBeLessThan(1.95 / Math.sqrt(100_000));
  });

  it('nextNormal() reaches the tail beyond r = 3.4426 at the normal rate (slow path exercised)', () => {
    const n = 2_000_000;
    const x = new Float32Array(n);
    new BlockRng(1, 1, 2, 3).fillNormal(x, 0, n);
    let beyond = 0;
    let beyond4 = 0;
    for (let i = 0; i < n; i++) {
      if (Math.abs(x[i]!) > 3.442619855899) beyond++;
      if (Math.abs(x[i]!) > 4) beyond4++;
    }
    const p = 2 * (1 - normalCdf(3.442619855899)); // 5.76e-4
    const expected = p * n;
    expect(Math.abs(beyond - expected)).toBeLessThan(4 * Math.sqrt(expected));
    const p4 = 2 * (1 - normalCdf(4)); // 6.33e-5
    expect(Math.abs(beyond4 - p4 * n)).toBeLessThan(4 * Math.sqrt(p4 * n));
  });

  it('fillUniform(out, offset, count) gives k·2^-24 values in [0, 1) with mean 1/2 and variance 1/12', () => {
    const n = 200_000;
    const u = new Float32Array(n);
    new BlockRng(2, 4, 6, 8).fillUniform(u, 0, n);
    let bad = 0;
    for (let i = 0; i < n; i++) if (!(u[i]! >= 0 && u[i]! < 1 && Number.isInteger(u[i]! * 16777216))) bad++;
    expect(bad).toBe(0);
    const { mean, variance } = meanVariance(u);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.001);
    expect(ksStatistic(u.subarray(0, 50_000), (x) => Math.min(1, Math.max(0, x)))).toBeLessThan(1.95 / Math.sqrt(50_000));
  });

  it('nextUniform() returns 53-bit doubles in [0, 1)', () => {
    const g = new BlockRng(3, 1, 4, 1);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = g.nextUniform();
      if (!(v >= 0 && v < 1 && Number.isInteger(v * 2 ** 53))) throw new Error(`bad uniform ${v}`);
      sum += v;
    }
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.015);
  });
});
