import { divisiveInhibitionBackward, divisiveInhibitionForward } from '../../src/index';
import { expectArrayClose, dot, FD_TOLERANCE, numericGradient, seededNormal, seededUniform } from '@olfactory/neurons/test';
import { tf, tidyGrads, TF_TOLERANCE, useWasmBackend } from '@olfactory/neurons/test/tf';

describe('divisiveInhibitionForward / divisiveInhibitionBackward', () => {
  beforeAll(useWasmBackend);
  const iTot = seededUniform(100, 8, -0.05, 0.2);
  const D = seededUniform(101, 8, 0, 5);
  const w = seededNormal(102, 8);

  it('divisiveInhibitionForward(I_tot, D, out) computes I_tot/(1 + D) (D = 0 leaves the drive unchanged)', () => {
    const out = new Float64Array(8);
    divisiveInhibitionForward(iTot, new Float64Array(8), out);
    expect(out).toEqual(iTot);
    divisiveInhibitionForward(iTot, D, out);
    for (let k = 0; k < 8; k++) expect(out[k]).toBeCloseTo(iTot[k]! / (1 + D[k]!), 15);
  });

  it('divisiveInhibitionBackward(...) matches finite differences in float64 (1e-6) and TensorFlow.js (float32, 1e-4)', () => {
    const out = new Float64Array(8);
    const loss = () => {
      divisiveInhibitionForward(iTot, D, out);
      return dot(w, out);
    };
    const g = { totalNa: new Float64Array(8), inhibition: new Float64Array(8) };
    divisiveInhibitionBackward(iTot, D, w, g);
    expectArrayClose(g.totalNa, numericGradient(loss, iTot, 1e-8), FD_TOLERANCE, 'dL/dI_tot');
    expectArrayClose(g.inhibition, numericGradient(loss, D), FD_TOLERANCE, 'dL/dD');
    const [tI, tD] = tidyGrads(() =>
      tf.grads((I: tf.Tensor, d: tf.Tensor) =>
        I.div(d.add(1))
          .mul(tf.tensor1d(Float32Array.from(w)))
          .sum(),
      )([tf.tensor1d(Float32Array.from(iTot)), tf.tensor1d(Float32Array.from(D))]),
    );
    expectArrayClose(g.totalNa, tI!, TF_TOLERANCE, 'dL/dI_tot vs tf');
    expectArrayClose(g.inhibition, tD!, TF_TOLERANCE, 'dL/dD vs tf');
  });
});
