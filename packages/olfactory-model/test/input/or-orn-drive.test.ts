import { csrFromDense, InvalidParameterError, ShapeMismatchError, softplus } from '@olfactory/neurons';
import { createOrnDriveParamGrads, defineOrnDriveParams, defineReceptorMap, orDriveBackward, orDriveForward, pairedReceptorMap, receptorNoiseBackward, receptorNoiseForward } from '../../src/index';
import type { OrnDriveParams } from '../../src/index';
import { expectArrayClose, dot, FD_TOLERANCE, numericDerivative, numericGradient, seededNormal, seededUniform } from '@olfactory/neurons/test';
import { tf, tidyGrads, TF_TOLERANCE, torchSoftplus, useWasmBackend } from '@olfactory/neurons/test/tf';

const nR = 4;
const batch = 2;

function setup() {
  // a "by name"-like map: receptor 3 co-drives ORN pair 1; ORN pair... 4 receptors → 8 ORNs
  const dense = new Float64Array(nR * 8);
  for (let i = 0; i < nR; i++) dense[i * 8 + 2 * i] = dense[i * 8 + 2 * i + 1] = 1;
  dense[3 * 8 + 2] = dense[3 * 8 + 3] = 1;
  const map = defineReceptorMap(csrFromDense(dense, nR, 8));
  const params = defineOrnDriveParams({ nReceptors: nR, orGainsRaw: [0.3, -1.2, 2.0, 21.5], logOrGainNa: Math.log(0.5), dtype: Float64Array });
  const r = seededUniform(40, batch * nR, 0, 1);
  const w = seededNormal(41, batch * 8);
  return { map, params, r, w, dense };
}
type Setup = ReturnType<typeof setup>;
const forward = (d: Setup, params: OrnDriveParams = d.params) => {
  const out = new Float64Array(batch * 8);
  orDriveForward(d.map, params, d.r, out);
  return out;
};

describe('orDriveForward / orDriveBackward / receptorNoise', () => {
  beforeAll(useWasmBackend);

  it('pairedReceptorMap(21) has the expected defaults: receptor i drives ORNs 2i and 2i + 1', () => {
    const m = pairedReceptorMap(21);
    expect(m.nReceptors).toBe(21);
    expect(m.nOrn).toBe(42);
    expect(Array.from(m.map.colIdx.subarray(m.map.rowPtr[5]!, m.map.rowPtr[6]!))).toEqual([10, 11]);
    const p = defineOrnDriveParams({ nReceptors: 21 });
    expect(softplus(p.orGainsRaw[0]!)).toBeCloseTo(1, 6);
    expect(Math.exp(p.logOrGainNa)).toBeCloseTo(0.5, 12);
  });

  it('orDriveForward(map, params, r, out) computes I_OR = ((r ⊙ softplus(g))·M)·G in nA', () => {
    const d = setup();
    const out = forward(d);
    for (let b = 0; b < batch; b++)
      for (let k = 0; k < 8; k++) {
        let e = 0;
        for (let i = 0; i < nR; i++) e += d.r[b * nR + i]! * softplus(d.params.orGainsRaw[i]!) * d.dense[i * 8 + k]!;
        expect(out[b * 8 + k]).toBeCloseTo(0.5 * e, 12);
      }
  });

  it('orDriveBackward(...) matches central finite differences in float64 (1e-6) for r, raw gains and ln G', () => {
    const d = setup();
    const loss = (params: OrnDriveParams = d.params) => dot(d.w, forward(d, params));
    const grads = { receptorResponse: new Float64Array(batch * nR), params: createOrnDriveParamGrads(d.params) };
    orDriveBackward(d.map, d.params, d.r, d.w, grads);
    expectArrayClose(
      grads.receptorResponse,
      numericGradient(() => loss(), d.r),
      FD_TOLERANCE,
      'dL/dr',
    );
    expectArrayClose(
      grads.params.orGainsRaw,
      numericGradient(() => loss(), d.params.orGainsRaw),
      FD_TOLERANCE,
      'dL/dg_raw',
    );
    expectArrayClose([grads.params.logOrGainNa], [numericDerivative((x) => loss({ ...d.params, logOrGainNa: x }), d.params.logOrGainNa)], FD_TOLERANCE, 'dL/dln G');
  });

  it('orDriveBackward(...) matches TensorFlow.js autodiff (float32, 1e-4)', () => {
    const d = setup();
    const grads = { receptorResponse: new Float64Array(batch * nR), params: createOrnDriveParamGrads(d.params) };
    orDriveBackward(d.map, d.params, d.r, d.w, grads);
    const [gR, gG, gL] = tidyGrads(() => {
      const M = tf.tensor2d(Float32Array.from(d.dense), [nR, 8]);
      // torch-style softplus (linear above 20) so that the raw gain 21.5 takes the same branch
      const sp = (x: tf.Tensor) => torchSoftplus(x, d.params.orGainsRaw);
      const f = (r: tf.Tensor, g: tf.Tensor, logG: tf.Tensor) =>
        tf
          .matMul(r.mul(sp(g)), M)
          .mul(tf.exp(logG))
          .mul(tf.tensor2d(Float32Array.from(d.w), [batch, 8]))
          .sum();
      return tf.grads(f)([tf.tensor2d(Float32Array.from(d.r), [batch, nR]), tf.tensor1d(Float32Array.from(d.params.orGainsRaw)), tf.scalar(d.params.logOrGainNa)]);
    });
    expectArrayClose(grads.receptorResponse, gR!, TF_TOLERANCE, 'dL/dr vs tf');
    expectArrayClose(grads.params.orGainsRaw, gG!, TF_TOLERANCE, 'dL/dg_raw vs tf');
    expectArrayClose([grads.params.logOrGainNa], gL!, TF_TOLERANCE, 'dL/dln G vs tf');
  });

  it('receptorNoiseForward(I, ξ, out) multiplies by (1 + ξ) and receptorNoiseBackward matches finite differences (1e-6)', () => {
    const I = seededUniform(42, 10, 0, 1);
    const xi = seededNormal(43, 10, 0.1);
    const w = seededNormal(44, 10);
    const out = new Float64Array(10);
    receptorNoiseForward(I, xi, out);
    for (let k = 0; k < 10; k++) expect(out[k]).toBeCloseTo(I[k]! * (1 + xi[k]!), 15);
    const g = new Float64Array(10);
    receptorNoiseBackward(xi, w, g);
    expectArrayClose(
      g,
      numericGradient(() => {
        receptorNoiseForward(I, xi, out);
        return dot(w, out);
      }, I),
      FD_TOLERANCE,
      'dL/dI_OR',
    );
  });

  it('receptorNoiseBackward(...) matches TensorFlow.js autodiff of I·(1 + ξ) (float32, 1e-4)', () => {
    const I = seededUniform(45, 10, 0, 1);
    const xi = seededNormal(46, 10, 0.1);
    const w = seededNormal(47, 10);
    const g = new Float64Array(10);
    receptorNoiseBackward(xi, w, g);
    const [tI] = tidyGrads(() =>
      tf.grads((x: tf.Tensor) =>
        x
          .mul(tf.tensor1d(Float32Array.from(xi)).add(1))
          .mul(tf.tensor1d(Float32Array.from(w)))
          .sum(),
      )([tf.tensor1d(Float32Array.from(I))]),
    );
    expectArrayClose(g, tI!, TF_TOLERANCE, 'dL/dI_OR vs tf');
  });

  it('pairedReceptorMap(0) throws InvalidParameterError', () => {
    expect(() => pairedReceptorMap(0)).toThrow(/invalid nReceptors: 0; expected an integer > 0 \(number of receptors\)/);
  });

  it.each([
    [{ nReceptors: 0 }, InvalidParameterError, /invalid nReceptors: 0; expected an integer > 0/],
    [{ nReceptors: 2, orGainsRaw: [1, Number.NaN] }, InvalidParameterError, /invalid orGainsRaw\[1\]: NaN; expected a finite number/],
    [{ nReceptors: 2, orGainsRaw: [1, 2, 3] }, ShapeMismatchError, /Argument 'orGainsRaw' passed to 'defineOrnDriveParams' has length 3; expected 2/],
    [{ nReceptors: 2, orGainNa: -0.5 }, InvalidParameterError, /invalid orGainNa: -0.5; expected a finite number > 0 \(OR → current gain in nA\)/],
    [{ nReceptors: 2, logOrGainNa: Number.NaN }, InvalidParameterError, /invalid logOrGainNa: NaN/],
  ])('defineOrnDriveParams(%j) throws a typed error', (options, type, message) => {
    let caught: unknown;
    try {
      defineOrnDriveParams(options);
    } catch (e) {
      caught = e;
    }
    expect(type.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('defineReceptorMap with a negative weight throws InvalidParameterError', () => {
    expect(() => defineReceptorMap(csrFromDense([1, -1], 1, 2))).toThrow(/invalid map.values\[1\]: -1; expected a weight >= 0/);
  });
});
