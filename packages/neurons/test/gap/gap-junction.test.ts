import { bipartiteGapJunctionBackward, bipartiteGapJunctionForward, csrFromDense, defineGapJunctionMask, gapJunctionBackward, gapJunctionForward, InvalidParameterError } from '../../src/index';
import { expectArrayClose } from '../helpers/assert-close';
import { dot, FD_TOLERANCE, numericDerivative, numericGradient } from '../helpers/finite-difference';
import { seededNormal, seededUniform } from '../helpers/seeded';
import { tf, tidyGrads, TF_TOLERANCE, useWasmBackend } from '../helpers/tf';

const batch = 2;
const n = 5;
// symmetric, zero diagonal (LN–LN / PN–PN style)
const sym = [0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0];
const nA = 4;
const nB = 3;
// rectangular eLN–PN style: row 2 uncoupled (a non-excitatory LN)
const rect = [1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0];
const logG = Math.log(0.1); // 0.1 nS, the reference init

describe('gapJunctionForward / bipartiteGapJunctionForward', () => {
  beforeAll(useWasmBackend);

  it('defineGapJunctionMask(mask, kind) has the expected defaults: row and column sums', () => {
    const m = defineGapJunctionMask(csrFromDense(rect, nA, nB), 'bipartite');
    expect(m.kind).toBe('bipartite');
    expect(Array.from(m.rowSums)).toEqual([2, 2, 0, 1]);
    expect(Array.from(m.colSums)).toEqual([2, 1, 2]);
  });

  it('gapJunctionForward(...) gives I_k = 1e-3·g·Σ_j G_jk (V_j − V_k) nA (nS × mV = pA)', () => {
    const mask = defineGapJunctionMask(csrFromDense(sym, n, n), 'symmetric');
    const v = seededUniform(50, batch * n, -70, -40);
    const out = new Float64Array(batch * n);
    gapJunctionForward(mask, logG, v, out);
    for (let b = 0; b < batch; b++)
      for (let k = 0; k < n; k++) {
        let e = 0;
        for (let j = 0; j < n; j++) e += sym[j * n + k]! * (v[b * n + j]! - v[b * n + k]!);
        expect(out[b * n + k]).toBeCloseTo(1e-3 * 0.1 * e, 15);
      }
  });

  it('gapJunctionForward(...) pulls coupled voltages together and conserves total current', () => {
    const mask = defineGapJunctionMask(csrFromDense([0, 1, 1, 0], 2, 2), 'symmetric');
    const out = new Float64Array(2);
    gapJunctionForward(mask, Math.log(2), Float64Array.of(-50, -60), out);
    expect(out[0]).toBeLessThan(0); // the depolarised cell loses current
    expect(out[1]).toBeGreaterThan(0); // the hyperpolarised one gains it
    expect(out[0]! + out[1]!).toBeCloseTo(0, 15);
    expect(out[1]).toBeCloseTo(2 * 10 * 1e-3, 15); // 2 nS × 10 mV = 20 pA = 0.02 nA
    // relaxing with these currents (R = 1000 MΩ, 1 ms of a 20 ms membrane) shrinks the gap
    const v = Float64Array.of(-50, -60);
    for (let t = 0; t < 5; t++) {
      gapJunctionForward(mask, Math.log(2), v, out);
      for (let i = 0; i < 2; i++) v[i] = v[i]! + (1000 * out[i]! * 1) / 20;
    }
    expect(Math.abs(v[0]! - v[1]!)).toBeLessThan(10);
    expect(v[0]! + v[1]!).toBeCloseTo(-110, 12);
  });

  it('gapJunctionBackward(...) matches central finite differences in float64 (1e-6) for V and ln g', () => {
    const mask = defineGapJunctionMask(csrFromDense(sym, n, n), 'symmetric');
    const v = seededUniform(51, batch * n, -70, -40);
    const w = seededNormal(52, batch * n, 1000);
    const out = new Float64Array(batch * n);
    const loss = (lg = logG) => {
      gapJunctionForward(mask, lg, v, out);
      return dot(w, out);
    };
    const grads = { vMv: new Float64Array(batch * n), logConductanceNs: 0 };
    gapJunctionBackward(mask, logG, v, w, grads);
    expectArrayClose(
      grads.vMv,
      numericGradient(() => loss(), v),
      FD_TOLERANCE,
      'dL/dV',
    );
    expectArrayClose([grads.logConductanceNs], [numericDerivative(loss, logG)], FD_TOLERANCE, 'dL/dln g');
  });

  it('bipartiteGapJunctionBackward(...) matches central finite differences in float64 (1e-6) for V_A, V_B and ln g', () => {
    const mask = defineGapJunctionMask(csrFromDense(rect, nA, nB), 'bipartite');
    const vA = seededUniform(53, batch * nA, -70, -40);
    const vB = seededUniform(54, batch * nB, -70, -40);
    const wA = seededNormal(55, batch * nA, 1000);
    const wB = seededNormal(56, batch * nB, 1000);
    const outA = new Float64Array(batch * nA);
    const outB = new Float64Array(batch * nB);
    const loss = (lg = logG) => {
      bipartiteGapJunctionForward(mask, lg, vA, vB, outA, outB);
      return dot(wA, outA) + dot(wB, outB);
    };
    const grads = { vA: new Float64Array(batch * nA), vB: new Float64Array(batch * nB), logConductanceNs: 0 };
    bipartiteGapJunctionBackward(mask, logG, vA, vB, wA, wB, grads);
    expectArrayClose(
      grads.vA,
      numericGradient(() => loss(), vA),
      FD_TOLERANCE,
      'dL/dV_A',
    );
    expectArrayClose(
      grads.vB,
      numericGradient(() => loss(), vB),
      FD_TOLERANCE,
      'dL/dV_B',
    );
    expectArrayClose([grads.logConductanceNs], [numericDerivative(loss, logG)], FD_TOLERANCE, 'dL/dln g');
    bipartiteGapJunctionForward(mask, logG, vA, vB, outA, outB);
    expect(outA[2]).toBe(0); // uncoupled (non-excitatory) LN gets no gap current
    expect(outA[nA + 2]).toBe(0);
  });

  it('gap-junction backwards match TensorFlow.js autodiff of the spec formulas V·G − V⊙rowsum(G) (float32, 1e-4)', () => {
    const maskS = defineGapJunctionMask(csrFromDense(sym, n, n), 'symmetric');
    const maskR = defineGapJunctionMask(csrFromDense(rect, nA, nB), 'bipartite');
    const v = seededUniform(57, batch * n, -70, -40);
    const vA = seededUniform(58, batch * nA, -70, -40);
    const vB = seededUniform(59, batch * nB, -70, -40);
    const w = seededNormal(60, batch * n, 1000);
    const wA = seededNormal(61, batch * nA, 1000);
    const wB = seededNormal(62, batch * nB, 1000);
    const gS = { vMv: new Float64Array(batch * n), logConductanceNs: 0 };
    gapJunctionBackward(maskS, logG, v, w, gS);
    const gR = { vA: new Float64Array(batch * nA), vB: new Float64Array(batch * nB), logConductanceNs: 0 };
    bipartiteGapJunctionBackward(maskR, logG, vA, vB, wA, wB, gR);
    const t2 = (x: ArrayLike<number>, r: number, c: number) => tf.tensor2d(Float32Array.from(x), [r, c]);
    const [tV, tLs, tVA, tVB, tLr] = tidyGrads(() => {
      const G = t2(sym, n, n);
      const E = t2(rect, nA, nB);
      const fS = (V: tf.Tensor, lg: tf.Tensor) =>
        tf
          .exp(lg)
          .mul(1e-3)
          .mul(tf.matMul(V, G).sub(V.mul(G.sum(1))))
          .mul(t2(w, batch, n))
          .sum();
      const fR = (VA: tf.Tensor, VB: tf.Tensor, lg: tf.Tensor) => {
        const g = tf.exp(lg).mul(1e-3);
        const intoB = g.mul(tf.matMul(VA, E).sub(VB.mul(E.sum(0))));
        const intoA = g.mul(tf.matMul(VB, E.transpose()).sub(VA.mul(E.sum(1))));
        return intoA
          .mul(t2(wA, batch, nA))
          .sum()
          .add(intoB.mul(t2(wB, batch, nB)).sum());
      };
      return [...tf.grads(fS)([t2(v, batch, n), tf.scalar(logG)]), ...tf.grads(fR)([t2(vA, batch, nA), t2(vB, batch, nB), tf.scalar(logG)])];
    });
    expectArrayClose(gS.vMv, tV!, TF_TOLERANCE, 'symmetric dL/dV vs tf');
    expectArrayClose([gS.logConductanceNs], tLs!, TF_TOLERANCE, 'symmetric dL/dln g vs tf');
    expectArrayClose(gR.vA, tVA!, TF_TOLERANCE, 'bipartite dL/dV_A vs tf');
    expectArrayClose(gR.vB, tVB!, TF_TOLERANCE, 'bipartite dL/dV_B vs tf');
    expectArrayClose([gR.logConductanceNs], tLr!, TF_TOLERANCE, 'bipartite dL/dln g vs tf');
  });

  it.each([
    [[0, 1, 0, 0], 'symmetric', /invalid mask\[0\]\[1\]: 1; expected equal to mask\[1\]\[0\] = 0 \(symmetric coupling\)/],
    [[0, 1, 1, 0, 0, 0], 'symmetric', /invalid mask shape: \[2,3\]; expected a square matrix for a symmetric gap-junction mask. Use kind 'bipartite'/],
    [[0, -1, -1, 0], 'symmetric', /invalid mask.values\[0\]: -1; expected a coupling weight >= 0/],
    [[1], 'ring', /invalid kind: "ring"; expected 'symmetric' or 'bipartite'/],
  ])('defineGapJunctionMask(%j, %p) throws InvalidParameterError', (dense, kind, message) => {
    const nRows = dense.length === 6 ? 2 : Math.round(Math.sqrt(dense.length));
    let caught: unknown;
    try {
      defineGapJunctionMask(csrFromDense(dense, nRows, dense.length / nRows), kind as 'symmetric');
    } catch (e) {
      caught = e;
    }
    expect(InvalidParameterError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
