import * as tf from '@tensorflow/tfjs';
import { communicability, expm, invertMatrix, matrixInverse, regularizerPenalty, sortFlat } from '../../src/index';
import { EXPM_ORACLE } from '../oracle/expm-oracle';
import { maxAbsDiff, useWasm } from '../helpers/tf';

const flat = (m: readonly (readonly number[])[]) => m.flat();

beforeAll(useWasm);

describe('expm', () => {
  it('expm(A) equals scipy.linalg.expm, with and without squaring, and leaks no tensors', () => {
    const n0 = tf.memory().numTensors;
    tf.tidy(() => {
      const a = tf.tensor2d(EXPM_ORACLE.A as unknown as number[][]);
      expect(maxAbsDiff(expm(a).dataSync(), flat(EXPM_ORACLE.expmA))).toBeLessThan(2e-6);
      expect(maxAbsDiff(expm(tf.mul(a, 3) as tf.Tensor2D).dataSync(), flat(EXPM_ORACLE.expm3A))).toBeLessThan(2e-5);
      expect(
        Array.from(
          expm(
            tf.tensor2d([
              [0, 1],
              [0, 0],
            ]),
          ).dataSync(),
        ),
      ).toEqual([1, 1, 0, 1]);
    });
    expect(tf.memory().numTensors).toBe(n0);
    expect(() => expm(tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(/^Argument 'a' passed to 'expm' has shape \[2, 3\]; expected a square matrix\./);
  });

  it('the gradient of Σ G ⊙ expm(A) equals scipy expm_frechet(Aᵀ, G) and central finite differences', () => {
    const a = tf.tensor2d(EXPM_ORACLE.A as unknown as number[][]);
    const g = tf.tensor2d(EXPM_ORACLE.G as unknown as number[][]);
    const f = (x: tf.Tensor) => tf.sum(tf.mul(g, expm(x as tf.Tensor2D)));
    const n0 = tf.memory().numTensors;
    const grad = tf.grad(f)(a);
    const got = grad.dataSync();
    expect(maxAbsDiff(got, flat(EXPM_ORACLE.gradSumGExpmA))).toBeLessThan(5e-6);
    const base = a.arraySync();
    const eps = 1e-2;
    for (const [i, j] of [
      [0, 1],
      [2, 3],
      [3, 0],
    ]) {
      const plus = base.map((r) => r.slice());
      const minus = base.map((r) => r.slice());
      plus[i][j] += eps;
      minus[i][j] -= eps;
      const fd = (f(tf.tensor2d(plus)).dataSync()[0] - f(tf.tensor2d(minus)).dataSync()[0]) / (2 * eps);
      expect(Math.abs(fd - got[i * 4 + j])).toBeLessThan(2e-3);
    }
    grad.dispose();
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(n0);
  });

  it('invertMatrix / matrixInverse invert, and a singular matrix is refused with RangeError', () => {
    const inv = invertMatrix([2, 1, 1, 1], 2);
    expect(Array.from(inv)).toEqual([1, -1, -1, 2]);
    expect(() => invertMatrix([1, 2, 2, 4], 2)).toThrow(/^Argument 'a' passed to 'invertMatrix' is singular/);
    const g = tf.grad((x: tf.Tensor) => tf.sum(matrixInverse(x as tf.Tensor2D)))(
      tf.tensor2d([
        [2, 1],
        [1, 1],
      ]),
    );
    // d Σ X⁻¹ / dX = −X⁻ᵀ 1 1ᵀ X⁻ᵀ; X⁻¹ = [[1,−1],[−1,2]], X⁻ᵀ1 = [0, 1]
    expect(Array.from(g.dataSync())).toEqual([-0, -0, -0, -1]);
  });
});

describe('communicability', () => {
  it('communicability(W) equals expm(S^-1/2 |W| S^-1/2) with zero diagonal (scipy)', () => {
    const c = tf.tidy(() => communicability(tf.tensor2d(EXPM_ORACLE.W as unknown as number[][])).dataSync());
    expect(maxAbsDiff(c, flat(EXPM_ORACLE.commW))).toBeLessThan(3e-6);
  });

  it('regularizerPenalty applies λ to the W regulariser (the reference forgot it) and leaks no tensors', () => {
    const w = tf.tensor2d(EXPM_ORACLE.W as unknown as number[][]);
    const n0 = tf.memory().numTensors;
    const sumAbs = flat(EXPM_ORACLE.W).reduce((s, v) => s + Math.abs(v), 0);
    const p = tf.tidy(() => regularizerPenalty(w, { kind: 'W', lambda: 0.3 }).dataSync()[0]);
    expect(p).toBeCloseTo(0.3 * sumAbs, 5);
    const d = new Float32Array(25).fill(2);
    const wdc = tf.tidy(() => regularizerPenalty(w, { kind: 'WDC', lambda: 0.3, distance: d }).dataSync()[0]);
    const c = flat(EXPM_ORACLE.commW);
    expect(wdc).toBeCloseTo(0.3 * 2 * flat(EXPM_ORACLE.W).reduce((s, v, k) => s + Math.abs(v) * c[k], 0), 4);
    expect(tf.memory().numTensors).toBe(n0);
    w.dispose();
  });

  it('sortFlat sorts and its gradient scatters back through the permutation; the EMD penalty is differentiable', () => {
    const x = tf.tensor2d([
      [3, 1],
      [2, 0],
    ]);
    expect(Array.from(sortFlat(x).dataSync())).toEqual([0, 1, 2, 3]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.tensor1d([1, 2, 3, 4]), sortFlat(v))))(x);
    expect(Array.from(g.dataSync())).toEqual([4, 2, 3, 1]);
    const w = tf.tensor2d(EXPM_ORACLE.W as unknown as number[][]);
    const emp = Float32Array.from(flat(EXPM_ORACLE.commW).map((v) => v * 1.5)).sort();
    const reg = { kind: 'WDC_EMD' as const, lambda: 0, emdLambda: 1, distance: new Float32Array(25), empiricalSorted: emp };
    const val = tf.tidy(() => regularizerPenalty(w, reg).dataSync()[0]);
    const c = Float32Array.from(flat(EXPM_ORACLE.commW)).sort();
    expect(val).toBeCloseTo(c.reduce((s, v, k) => s + Math.abs(v - emp[k]), 0) / 25, 5);
    const gw = tf
      .grad((v: tf.Tensor) => regularizerPenalty(v as tf.Tensor2D, reg))(w)
      .dataSync();
    expect(gw.some((v) => v !== 0)).toBe(true);
  });
});
