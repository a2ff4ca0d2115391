import { csrFromDense, defineGradedCoupling, gradedCouplingBackward, gradedCouplingForward, InvalidParameterError, softplus } from '../../src/index';
import { expectArrayClose } from '../helpers/assert-close';
import { randomCounts } from '../helpers/connectivity';
import { dot, FD_TOLERANCE, numericDerivative, numericGradient } from '../helpers/finite-difference';
import { seededNormal, seededUniform } from '../helpers/seeded';
import { tf, tidyGrads, TF_TOLERANCE, torchSoftplus, useWasmBackend } from '../helpers/tf';

const nPre = 6;
const nPost = 5;
const batch = 2;

function setup() {
  const { csr, dense } = randomCounts(110, nPre, nPost, 0.5);
  const coupling = defineGradedCoupling({ counts: csr });
  const v = seededUniform(111, batch * nPre, -75, -20); // below reset, within (0, 30] and above the 30 mV cap
  const w = seededNormal(112, batch * nPost, 1000);
  const max = Math.max(...dense);
  return { coupling, v, w, W: dense.map((x) => Math.fround(x / max)) };
}

describe('gradedCouplingForward / gradedCouplingBackward', () => {
  beforeAll(useWasmBackend);

  it('defineGradedCoupling({ counts }) has the expected defaults (V_reset −60 mV, cap 30 mV, 1 nS)', () => {
    const c = setup().coupling;
    expect(c).toMatchObject({ nPre, nPost, vResetMv: -60, capMv: 30, conductanceScaleNs: 1 });
  });

  it('gradedCouplingForward(...) gives 1e-3·softplus(g)·min(relu(V_d − V_reset), 30)·W nA', () => {
    const d = setup();
    const out = new Float64Array(batch * nPost);
    gradedCouplingForward(d.coupling, -5, d.v, out);
    for (let b = 0; b < batch; b++)
      for (let j = 0; j < nPost; j++) {
        let e = 0;
        for (let k = 0; k < nPre; k++) e += Math.min(Math.max(d.v[b * nPre + k]! + 60, 0), 30) * d.W[k * nPost + j]!;
        expect(out[b * nPost + j]).toBeCloseTo(1e-3 * softplus(-5) * e, 15);
      }
    // the activation saturates at 30 mV
    const one = defineGradedCoupling({ counts: csrFromDense([1], 1, 1) });
    const y = new Float64Array(1);
    gradedCouplingForward(one, 0, Float64Array.of(0), y);
    expect(y[0]).toBeCloseTo(1e-3 * Math.log(2) * 30, 15);
  });

  it('gradedCouplingBackward(...) matches central finite differences in float64 (1e-6) for V_d and the raw gain', () => {
    const d = setup();
    const out = new Float64Array(batch * nPost);
    const loss = (g = 0.7) => {
      gradedCouplingForward(d.coupling, g, d.v, out);
      return dot(d.w, out);
    };
    const grads = { vDendriteMv: new Float64Array(batch * nPre), gainRaw: 0 };
    gradedCouplingBackward(d.coupling, 0.7, d.v, d.w, grads);
    expectArrayClose(
      grads.vDendriteMv,
      numericGradient(() => loss(), d.v),
      FD_TOLERANCE,
      'dL/dV_d',
    );
    expectArrayClose([grads.gainRaw], [numericDerivative(loss, 0.7)], FD_TOLERANCE, 'dL/dgain');
  });

  it('gradedCouplingBackward(...) matches TensorFlow.js autodiff of clipByValue(relu(V_d − V_reset), ·, 30) (float32, 1e-4)', () => {
    const d = setup();
    const grads = { vDendriteMv: new Float64Array(batch * nPre), gainRaw: 0 };
    gradedCouplingBackward(d.coupling, -5, d.v, d.w, grads);
    const [gV, gG] = tidyGrads(() => {
      const f = (v: tf.Tensor, g: tf.Tensor) =>
        tf
          .matMul(tf.minimum(tf.relu(v.add(60)), 30), tf.tensor2d(Float32Array.from(d.W), [nPre, nPost]))
          .mul(torchSoftplus(g, [-5]).mul(1e-3))
          .mul(tf.tensor2d(Float32Array.from(d.w), [batch, nPost]))
          .sum();
      return tf.grads(f)([tf.tensor2d(Float32Array.from(d.v), [batch, nPre]), tf.scalar(-5)]);
    });
    expectArrayClose(grads.vDendriteMv, gV!, TF_TOLERANCE, 'dL/dV_d vs tf');
    expectArrayClose([grads.gainRaw], gG!, TF_TOLERANCE, 'dL/dgain vs tf');
  });

  it.each([
    [{ capMv: 0 }, /invalid capMv: 0; expected a finite number > 0 \(activation cap in mV\)/],
    [{ conductanceScaleNs: -1 }, /invalid conductanceScaleNs: -1/],
    [{ vResetMv: Number.NaN }, /invalid vResetMv: NaN/],
  ])('defineGradedCoupling(%j) throws InvalidParameterError', (options, message) => {
    let caught: unknown;
    try {
      defineGradedCoupling({ counts: csrFromDense([1], 1, 1), ...options });
    } catch (e) {
      caught = e;
    }
    expect(InvalidParameterError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
