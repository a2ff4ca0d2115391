import {
  createTwoCompartmentParamGrads,
  createTwoCompartmentState,
  createTwoCompartmentStepOutput,
  defineTwoCompartmentParams,
  hardSpike,
  twoCompartmentBackward,
  twoCompartmentForward,
  twoCompartmentPropagator,
  NO_TWO_COMPARTMENT_NOISE,
  softSpike,
  SpikeFlag,
} from '../../src/index';
import type { TwoCompartmentNoise, TwoCompartmentParams, TwoCompartmentState } from '../../src/index';
import { expectArrayClose } from '../helpers/assert-close';
import { dot, FD_TOLERANCE, numericDerivative, numericGradient } from '../helpers/finite-difference';
import { seededNormal, seededUniform } from '../helpers/seeded';
import { tf, tidyGrads, TF_TOLERANCE, useWasmBackend } from '../helpers/tf';

const n = 4;
const batch = 3;
const total = n * batch;

function setup() {
  const params = defineTwoCompartmentParams({ size: n, gSomaNs: 12, vThresholdMv: seededUniform(70, n, -45, -36), dtype: Float64Array });
  const state: TwoCompartmentState = {
    vDendriteMv: seededUniform(71, total, -70, -35),
    vAxonMv: seededUniform(72, total, -70, -35),
    refractoryMs: Float64Array.from({ length: total }, (_, k) => [0, 2, 0, 1, 0][k % 5]!),
  };
  const iDend = seededUniform(73, total, -0.02, 0.1);
  const iAxon = seededUniform(74, total, -0.02, 0.05);
  (state.vDendriteMv as Float64Array)[2] = -79.8;
  iDend[2] = -1; // dendrite driven below the floor
  (state.vAxonMv as Float64Array)[5] = -36;
  iAxon[5] = 1; // fires
  const noise: TwoCompartmentNoise = { dendriteMv: seededNormal(75, total), axonMv: seededNormal(76, total), thresholdMv: seededNormal(77, total) };
  const w = { vd: seededNormal(78, total), va: seededNormal(79, total), s: seededNormal(80, total, 5) };
  return { params, state, iDend, iAxon, noise, w };
}
type Setup = ReturnType<typeof setup>;

function run(d: Setup, params: TwoCompartmentParams = d.params, spike = softSpike()) {
  const out = createTwoCompartmentStepOutput(params, batch, Float64Array);
  twoCompartmentForward(params, d.state, d.iDend, d.iAxon, d.noise, spike, 1, out);
  return out;
}
const lossOf = (d: Setup, params: TwoCompartmentParams = d.params) => {
  const o = run(d, params);
  return dot(d.w.vd, o.vDendriteMv) + dot(d.w.va, o.vAxonMv) + dot(d.w.s, o.spikes);
};
function backward(d: Setup) {
  const out = run(d);
  const grads = {
    vDendriteMv: new Float64Array(total),
    vAxonMv: new Float64Array(total),
    iDendriteNa: new Float64Array(total),
    iAxonNa: new Float64Array(total),
    params: createTwoCompartmentParamGrads(d.params),
  };
  twoCompartmentBackward(d.params, d.state, d.iDend, d.iAxon, softSpike(), out, { vDendriteMv: d.w.vd, vAxonMv: d.w.va, spikes: d.w.s }, grads);
  return { out, grads };
}

describe('twoCompartmentPropagator', () => {
  it('twoCompartmentPropagator(ln g, 20, 1000, 1, out) equals the modal solution: mean mode e^(−dt/τ), difference mode e^(−dt(1/τ + 2γ))', () => {
    const prop = new Float64Array(8);
    twoCompartmentPropagator(Math.log(10), 20, 1000, 1, prop);
    const gamma = 0.5; // 1e-3 · 10 nS · 1000 MΩ / 20 ms
    const e1 = Math.exp(-1 / 20);
    const e2 = Math.exp(-(1 / 20 + 2 * gamma));
    expect(prop[0]! + prop[1]!).toBeCloseTo(e1, 14); // M·[1, 1] = e1·[1, 1]
    expect(prop[0]! - prop[1]!).toBeCloseTo(e2, 14); // M·[1, −1] = e2·[1, −1]
    // K·[1, 1] = τ(1 − e1)·[1, 1]; K·[1, −1] = (1 − e2)/(1/τ + 2γ)·[1, −1]
    expect(prop[2]! + prop[3]!).toBeCloseTo(20 * (1 - e1), 9);
    expect(prop[2]! - prop[3]!).toBeCloseTo((1 - e2) / (1 / 20 + 2 * gamma), 9);
  });

  it('twoCompartmentPropagator(...) derivatives dM/d ln g and dK/d ln g match central finite differences (1e-6)', () => {
    for (const g of [1, 10, 20, 100]) {
      const prop = new Float64Array(8);
      twoCompartmentPropagator(Math.log(g), 20, 1000, 1, prop);
      const at = (x: number, k: number) => {
        const p = new Float64Array(8);
        twoCompartmentPropagator(x, 20, 1000, 1, p);
        return p[k]!;
      };
      const fd = [0, 1, 2, 3].map((k) => numericDerivative((x) => at(x, k), Math.log(g)));
      expectArrayClose(prop.subarray(4), fd, FD_TOLERANCE, `d(M, K)/d ln g at g = ${g} nS`);
    }
  });
});

describe('twoCompartmentForward / twoCompartmentBackward', () => {
  beforeAll(useWasmBackend);

  it('the test configuration visits every branch (refractory, dendrite clamped, fired, quiet)', () => {
    const { flags } = run(setup());
    const some = (pred: (f: number) => boolean) => Array.from(flags).some(pred);
    expect(some((f) => !(f & SpikeFlag.canFire))).toBe(true);
    expect(some((f) => !(f & SpikeFlag.aboveFloorDendrite))).toBe(true);
    expect(some((f) => (f & SpikeFlag.fired) !== 0)).toBe(true);
    expect(some((f) => (f & SpikeFlag.canFire) !== 0 && !(f & SpikeFlag.fired))).toBe(true);
  });

  it('twoCompartmentBackward(...) matches central finite differences in float64 (1e-6) for V_d, V_a, I_d, I_a, ln g_soma and V_th', () => {
    const d = setup();
    const { grads } = backward(d);
    const loss = () => lossOf(d);
    expectArrayClose(grads.vDendriteMv, numericGradient(loss, d.state.vDendriteMv as Float64Array), FD_TOLERANCE, 'dL/dV_d');
    expectArrayClose(grads.vAxonMv, numericGradient(loss, d.state.vAxonMv as Float64Array), FD_TOLERANCE, 'dL/dV_a');
    expectArrayClose(grads.iDendriteNa, numericGradient(loss, d.iDend, 1e-8), FD_TOLERANCE, 'dL/dI_d');
    expectArrayClose(grads.iAxonNa, numericGradient(loss, d.iAxon, 1e-8), FD_TOLERANCE, 'dL/dI_a');
    expectArrayClose(grads.params.vThresholdMv, numericGradient(loss, d.params.vThresholdMv), FD_TOLERANCE, 'dL/dV_th');
    const fd = numericDerivative((x) => lossOf(d, { ...d.params, logGSomaNs: x }), d.params.logGSomaNs);
    expectArrayClose([grads.params.logGSomaNs], [fd], FD_TOLERANCE, 'dL/dln g_soma');
  });

  it('twoCompartmentBackward(...) matches TensorFlow.js autodiff through M(g) and K(g) (float32, 1e-4)', () => {
    const d = setup();
    const { grads } = backward(d);
    const p = d.params;
    const f32 = (x: ArrayLike<number>) => tf.tensor2d(Float32Array.from(x), [batch, n]);
    const [gVd, gVa, gId, gIa, gLogG, gTh] = tidyGrads(() => {
      const canFire = tf.lessEqual(tf.maximum(f32(d.state.refractoryMs).sub(1), 0), 0);
      const step = (vd: tf.Tensor, va: tf.Tensor, id: tf.Tensor, ia: tf.Tensor, logG: tf.Tensor, vTh: tf.Tensor) => {
        const tau = p.tauMemMs;
        const gamma = tf.exp(logG).mul((1e-3 * p.resistanceMohm) / tau);
        const e1 = Math.exp(-1 / tau);
        const e2 = tf.exp(
          gamma
            .mul(2)
            .add(1 / tau)
            .neg(),
        );
        const m11 = e2.add(e1).div(2);
        const m12 = e2.neg().add(e1).div(2);
        const pp = gamma.add(1 / tau).neg();
        const det = pp.square().sub(gamma.square()).add(1e-14);
        const k11 = pp.mul(m11.sub(1)).sub(gamma.mul(m12)).div(det);
        const k12 = pp
          .mul(m12)
          .sub(gamma.mul(m11.sub(1)))
          .div(det);
        const bd = id.mul(p.resistanceMohm / tau).add(p.vRestMv / tau);
        const ba = ia.mul(p.resistanceMohm / tau).add(p.vRestMv / tau);
        const vd1 = m11.mul(vd).add(m12.mul(va)).add(k11.mul(bd)).add(k12.mul(ba)).add(f32(d.noise.dendriteMv!));
        const va1 = m12.mul(vd).add(m11.mul(va)).add(k12.mul(bd)).add(k11.mul(ba)).add(f32(d.noise.axonMv!));
        const vd2 = tf.maximum(vd1, p.vMinMv);
        const va3 = tf.where(canFire, tf.maximum(va1, p.vMinMv), tf.fill([batch, n], p.vResetMv));
        const s = tf.sigmoid(va3.sub(vTh).sub(f32(d.noise.thresholdMv!))).mul(canFire.toFloat());
        return { vd2, va3, s };
      };
      const inputs = [f32(d.state.vDendriteMv), f32(d.state.vAxonMv), f32(d.iDend), f32(d.iAxon), tf.scalar(p.logGSomaNs), tf.tensor1d(Float32Array.from(p.vThresholdMv))] as const;
      const fired = step(...inputs).s.greater(0.5);
      const reset = tf.fill([batch, n], p.vResetMv);
      const f = (vd: tf.Tensor, va: tf.Tensor, id: tf.Tensor, ia: tf.Tensor, logG: tf.Tensor, vTh: tf.Tensor) => {
        const { vd2, va3, s } = step(vd, va, id, ia, logG, vTh);
        return tf
          .where(fired, reset, vd2)
          .mul(f32(d.w.vd))
          .sum()
          .add(tf.where(fired, reset, va3).mul(f32(d.w.va)).sum())
          .add(s.mul(f32(d.w.s)).sum());
      };
      return tf.grads(f)([...inputs]);
    });
    expectArrayClose(grads.vDendriteMv, gVd!, TF_TOLERANCE, 'dL/dV_d vs tf');
    expectArrayClose(grads.vAxonMv, gVa!, TF_TOLERANCE, 'dL/dV_a vs tf');
    expectArrayClose(grads.iDendriteNa, gId!, TF_TOLERANCE, 'dL/dI_d vs tf');
    expectArrayClose(grads.iAxonNa, gIa!, TF_TOLERANCE, 'dL/dI_a vs tf');
    expectArrayClose([grads.params.logGSomaNs], gLogG!, TF_TOLERANCE, 'dL/dln g_soma vs tf');
    expectArrayClose(grads.params.vThresholdMv, gTh!, TF_TOLERANCE, 'dL/dV_th vs tf');
  });

  it('twoCompartmentForward(...) with a constant 80 pA dendritic current follows the golden two-compartment trace', () => {
    const vd = [
      -56.81096316881177, -54.52198515620593, -52.6051802510346, -50.87303122182462, -49.25726469123511, -47.73146464589101, -46.28398566943417, -44.9084682553755, -43.60051404499425,
      -42.35651693412201, -41.17324886482413, -40.04770996188396, -38.977071413287604, -37.95865103341662, -36.98990048011137, -60, -56.81096316881177, -54.736228148721096,
    ];
    const va = [
      -59.28739079124499, -57.86500828667012, -56.25145786296898, -54.625429024412554, -53.0467979544756, -51.53399300864446, -50.09106150806066, -48.71713542747314, -47.409738084744866,
      -46.16593584288567, -44.98273596561159, -43.85722092563472, -42.78659072759004, -41.76817326989231, -40.79942373916579, -60, -60, -58.328620141692895,
    ];
    for (const dtype of [Float64Array, Float32Array]) {
      const params = defineTwoCompartmentParams({ size: 1, dtype });
      let state: TwoCompartmentState = createTwoCompartmentState(params, 1, dtype);
      const trace = { vd: [] as number[], va: [] as number[], s: [] as number[] };
      for (let t = 0; t < vd.length; t++) {
        const out = createTwoCompartmentStepOutput(params, 1, dtype);
        twoCompartmentForward(params, state, dtype.of(0.08), null, NO_TWO_COMPARTMENT_NOISE, hardSpike(), 1, out);
        trace.vd.push(out.vDendriteMv[0]!);
        trace.va.push(out.vAxonMv[0]!);
        trace.s.push(out.spikes[0]!);
        state = out;
      }
      const tol = { atol: dtype === Float64Array ? 1e-9 : 1e-4 };
      expectArrayClose(trace.vd, vd, tol, `V_d (${dtype.name})`);
      expectArrayClose(trace.va, va, tol, `V_a (${dtype.name})`);
      // both compartments reset on the spike at step 15; at step 16 the axon is pinned, the dendrite is not
      expect(trace.s.join('')).toBe('000000000000000100');
    }
    // independent check of the first 15 steps: modal solution of the linear ODE
    const e1 = Math.exp(-1 / 20);
    const e2 = Math.exp(-(1 / 20 + 1));
    const meanInf = -60 + (1000 * 0.08) / 2;
    const diffInf = (1000 * 0.08) / 20 / (1 / 20 + 1);
    for (let t = 0; t < 15; t++) {
      const mean = meanInf + (-60 - meanInf) * e1 ** (t + 1);
      const diff = diffInf * (1 - e2 ** (t + 1));
      expect(vd[t]).toBeCloseTo(mean + diff / 2, 9);
      expect(va[t]).toBeCloseTo(mean - diff / 2, 9);
    }
  });

  it('twoCompartmentForward(...) with g_soma → 0 reduces each compartment to the LIF exponential step', () => {
    const params = defineTwoCompartmentParams({ size: 1, gSomaNs: 1e-12, dtype: Float64Array });
    const out = createTwoCompartmentStepOutput(params, 1, Float64Array);
    const state = { vDendriteMv: Float64Array.of(-50), vAxonMv: Float64Array.of(-70), refractoryMs: Float64Array.of(0) };
    twoCompartmentForward(params, state, Float64Array.of(0.02), Float64Array.of(-0.01), NO_TWO_COMPARTMENT_NOISE, hardSpike(), 1, out);
    const a = Math.exp(-1 / 20);
    expect(out.vDendriteMv[0]).toBeCloseTo(-40 + (-50 + 40) * a, 9);
    expect(out.vAxonMv[0]).toBeCloseTo(-70 + (-70 + 70) * a, 9);
  });

  it('twoCompartmentForward(...) cannot spike on the step after a spike but can two steps later', () => {
    const params = defineTwoCompartmentParams({ size: 1, dtype: Float64Array });
    let state: TwoCompartmentState = createTwoCompartmentState(params, 1, Float64Array);
    const fired: number[] = [];
    for (let t = 0; t < 6; t++) {
      const out = createTwoCompartmentStepOutput(params, 1, Float64Array);
      twoCompartmentForward(params, state, Float64Array.of(2), Float64Array.of(2), NO_TWO_COMPARTMENT_NOISE, softSpike(), 1, out);
      fired.push(out.flags[0]! & SpikeFlag.fired ? 1 : 0);
      state = out;
    }
    expect(fired).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('twoCompartmentForward(...) does not mutate its inputs', () => {
    const d = setup();
    const arrays = [d.state.vDendriteMv, d.state.vAxonMv, d.state.refractoryMs, d.iDend, d.iAxon];
    const copies = arrays.map((a) => Float64Array.from(a));
    backward(d);
    arrays.forEach((a, i) => expect(a).toEqual(copies[i]));
  });
});
