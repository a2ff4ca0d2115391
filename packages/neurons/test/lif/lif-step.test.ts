import { createLifParamGrads, createLifState, createLifStepOutput, defineLifParams, hardSpike, lifBackward, lifForward, NO_LIF_NOISE, softSpike, SpikeFlag } from '../../src/index';
import type { LifNoise, LifParams, LifState, SpikeFunction } from '../../src/index';
import { expectArrayClose } from '../helpers/assert-close';
import { dot, FD_TOLERANCE, numericDerivative, numericGradient } from '../helpers/finite-difference';
import { seededNormal, seededUniform } from '../helpers/seeded';
import { tf, tidyGrads, TF_TOLERANCE, useWasmBackend } from '../helpers/tf';

const n = 4;
const batch = 3;
const total = n * batch;

/** A float64 step configuration that visits every branch: refractory, clamped, spiking, quiet. */
function setup() {
  const params = defineLifParams({ size: n, logTauMemMs: Math.log(18), vThresholdMv: seededUniform(1, n, -46, -38), dtype: Float64Array });
  const v = seededUniform(2, total, -70, -36);
  const refractoryMs = Float64Array.from({ length: total }, (_, k) => [0, 0, 2, 1, 0, 0][k % 6]!);
  const inputNa = seededUniform(3, total, -0.01, 0.05);
  v[4] = -79.5;
  inputNa[4] = -0.06; // driven below the floor → clamped at V_min
  v[5] = -38;
  inputNa[5] = 0.04; // well above threshold → fires
  const noise: LifNoise = { currentNa: seededNormal(4, total, 0.015), voltageMv: seededNormal(5, total, 1), thresholdMv: seededNormal(6, total, 1) };
  const wV = seededNormal(7, total);
  const wS = seededNormal(8, total, 5);
  return { params, state: { v, refractoryMs } as LifState, inputNa, noise, wV, wS };
}
type Setup = ReturnType<typeof setup>;

function run(d: Setup, params: LifParams = d.params, spike: SpikeFunction = softSpike()) {
  const out = createLifStepOutput(params, batch, Float64Array);
  lifForward(params, d.state, d.inputNa, d.noise, spike, 1, out);
  return out;
}
const lossOf = (d: Setup, params: LifParams = d.params) => {
  const out = run(d, params);
  return dot(d.wV, out.v) + dot(d.wS, out.spikes);
};

function backward(d: Setup) {
  const out = run(d);
  const grads = { v: new Float64Array(total), inputNa: new Float64Array(total), params: createLifParamGrads(d.params) };
  lifBackward(d.params, d.state, d.inputNa, d.noise, softSpike(), 1, out, { v: d.wV, spikes: d.wS }, grads);
  return { out, grads };
}

describe('lifForward / lifBackward', () => {
  beforeAll(useWasmBackend);

  it('the test configuration visits every branch (refractory, clamped, fired, quiet)', () => {
    const { flags } = run(setup());
    const count = (bit: number, on: boolean) => Array.from(flags).filter((f) => ((f & bit) !== 0) === on).length;
    expect(count(SpikeFlag.canFire, false)).toBeGreaterThan(0);
    expect(count(SpikeFlag.aboveFloor, false)).toBeGreaterThan(0);
    expect(count(SpikeFlag.fired, true)).toBeGreaterThan(0);
    expect(count(SpikeFlag.fired, false)).toBeGreaterThan(0);
  });

  it('lifBackward(...) matches central finite differences in float64 (1e-6) for V, I, ln τ_m and every V_th', () => {
    const d = setup();
    const { out, grads } = backward(d);
    // stay away from the kinks so that ±h cannot flip a selection
    for (let k = 0; k < total; k++) expect(Math.abs(out.uMv[k]!)).toBeGreaterThan(1e-3);
    expectArrayClose(
      grads.v,
      numericGradient(() => lossOf(d), d.state.v as Float64Array),
      FD_TOLERANCE,
      'dL/dV',
    );
    expectArrayClose(
      grads.inputNa,
      numericGradient(() => lossOf(d), d.inputNa, 1e-8),
      FD_TOLERANCE,
      'dL/dI',
    );
    expectArrayClose(
      grads.params.vThresholdMv,
      numericGradient(() => lossOf(d), d.params.vThresholdMv),
      FD_TOLERANCE,
      'dL/dV_th',
    );
    const fdTau = numericDerivative((x) => lossOf(d, { ...d.params, logTauMemMs: x }), d.params.logTauMemMs);
    expectArrayClose([grads.params.logTauMemMs], [fdTau], FD_TOLERANCE, 'dL/dln τ');
  });

  it('lifBackward(...) accumulates through 6 chained steps like BPTT (finite differences, rtol 1e-6)', () => {
    const d = setup();
    const steps = 6;
    const rollout = (params: LifParams, v0: Float64Array, inputs: Float64Array[]) => {
      let state: LifState = { v: v0, refractoryMs: d.state.refractoryMs };
      const outs = [];
      for (let t = 0; t < steps; t++) {
        const out = createLifStepOutput(params, batch, Float64Array);
        lifForward(params, state, inputs[t]!, d.noise, softSpike(), 1, out);
        outs.push({ state, out });
        state = out;
      }
      return outs;
    };
    const inputs = Array.from({ length: steps }, (_, t) => seededUniform(20 + t, total, 0, 0.045));
    const v0 = Float64Array.from(d.state.v);
    const loss = (params: LifParams = d.params) => {
      let l = 0;
      for (const { out } of rollout(params, v0, inputs)) l += dot(d.wS, out.spikes);
      return l + dot(d.wV, rollout(params, v0, inputs)[steps - 1]!.out.v);
    };
    const tape = rollout(d.params, v0, inputs);
    const gParams = createLifParamGrads(d.params);
    const gInputs = inputs.map(() => new Float64Array(total));
    let gV: Float64Array = Float64Array.from(d.wV);
    for (let t = steps - 1; t >= 0; t--) {
      const gPrev = new Float64Array(total);
      lifBackward(d.params, tape[t]!.state, inputs[t]!, d.noise, softSpike(), 1, tape[t]!.out, { v: gV, spikes: d.wS }, { v: gPrev, inputNa: gInputs[t]!, params: gParams });
      gV = gPrev;
    }
    expectArrayClose(
      gV,
      numericGradient(() => loss(), v0),
      FD_TOLERANCE,
      'dL/dV0',
    );
    expectArrayClose(
      gInputs[2]!,
      numericGradient(() => loss(), inputs[2]!, 1e-8),
      FD_TOLERANCE,
      'dL/dI_2',
    );
    expectArrayClose(
      gParams.vThresholdMv,
      numericGradient(() => loss(), d.params.vThresholdMv),
      FD_TOLERANCE,
      'dL/dV_th',
    );
    const fdTau = numericDerivative((x) => loss({ ...d.params, logTauMemMs: x }), d.params.logTauMemMs);
    expectArrayClose([gParams.logTauMemMs], [fdTau], FD_TOLERANCE, 'dL/dln τ');
  });

  it('lifBackward(...) matches TensorFlow.js autodiff of the same step (float32, 1e-4)', () => {
    const d = setup();
    const { grads } = backward(d);
    const p = d.params;
    const f32 = (x: ArrayLike<number>) => tf.tensor2d(Float32Array.from(x), [batch, n]);
    const [gV, gI, gTau, gTh] = tidyGrads(() => {
      const rho = tf.maximum(f32(d.state.refractoryMs).sub(1), 0);
      const canFire = tf.lessEqual(rho, 0);
      const step = (v: tf.Tensor, input: tf.Tensor, logTau: tf.Tensor, vTh: tf.Tensor) => {
        const current = input.add(f32(d.noise.currentNa!));
        const vInf = current.mul(p.resistanceMohm).add(p.vRestMv);
        const a = tf.exp(tf.div(-1, tf.exp(logTau)));
        const v1 = vInf.add(v.sub(vInf).mul(a)).add(f32(d.noise.voltageMv!));
        const v3 = tf.maximum(v1, p.vMinMv);
        const v4 = tf.where(canFire, v3, tf.fill([batch, n], p.vResetMv));
        const s = tf.sigmoid(v4.sub(vTh).sub(f32(d.noise.thresholdMv!))).mul(canFire.toFloat());
        return { v4, s };
      };
      const inputs = [f32(d.state.v), f32(d.inputNa), tf.scalar(p.logTauMemMs), tf.tensor1d(Float32Array.from(p.vThresholdMv))] as const;
      // The reset trigger is a non-differentiable selection: evaluate it outside the tape.
      const fired = step(...inputs).s.greater(0.5);
      const f = (v: tf.Tensor, input: tf.Tensor, logTau: tf.Tensor, vTh: tf.Tensor) => {
        const { v4, s } = step(v, input, logTau, vTh);
        const vOut = tf.where(fired, tf.fill([batch, n], p.vResetMv), v4);
        return vOut
          .mul(f32(d.wV))
          .sum()
          .add(s.mul(f32(d.wS)).sum());
      };
      return tf.grads(f)([...inputs]);
    });
    expectArrayClose(grads.v, gV!, TF_TOLERANCE, 'dL/dV vs tf');
    expectArrayClose(grads.inputNa, gI!, TF_TOLERANCE, 'dL/dI vs tf');
    expectArrayClose([grads.params.logTauMemMs], gTau!, TF_TOLERANCE, 'dL/dln τ vs tf');
    expectArrayClose(grads.params.vThresholdMv, gTh!, TF_TOLERANCE, 'dL/dV_th vs tf');
  });

  it('lifForward(...) with a constant 30 pA drive follows the golden voltage trace (fires at step 21, pinned at 22)', () => {
    // V_∞ = −60 + 1000 MΩ·0.03 nA = −30 mV; V(t) = −30 − 30·exp(−(t+1)/20) until the spike.
    const expected = [
      -58.53688273502142, -57.14512254107879, -55.82123929275174, -54.561922592339464, -53.36402349214215, -52.22454662045154, -51.14064269156141, -50.10960138106918, -49.128844548653205,
      -48.19591979137901, -47.308494311414606, -46.4643490828208, -45.66137330283049, -44.8975591137423, -44.17099658223045, -43.479868923516655, -42.82244795846181, -42.19708979221798,
      -41.602230703635044, -41.036383235143276, -40.498132473334664, -60, -60, -58.53688273502142, -57.14512254107879, -55.82123929275174,
    ];
    for (const dtype of [Float64Array, Float32Array]) {
      const params = defineLifParams({ size: 1, dtype });
      let state: LifState = createLifState(params, 1, dtype);
      const trace: number[] = [];
      const spikes: number[] = [];
      for (let t = 0; t < expected.length; t++) {
        const out = createLifStepOutput(params, 1, dtype);
        lifForward(params, state, dtype.from([0.03]), NO_LIF_NOISE, hardSpike(), 1, out);
        trace.push(out.v[0]!);
        spikes.push(out.spikes[0]!);
        state = out;
      }
      expectArrayClose(trace, expected, { atol: dtype === Float64Array ? 1e-9 : 1e-4 }, `trace (${dtype.name})`);
      expect(spikes.join('')).toBe('00000000000000000000010000');
      for (let t = 0; t < 21; t++) expect(trace[t]).toBeCloseTo(-30 - 30 * Math.exp(-(t + 1) / 20), dtype === Float64Array ? 10 : 4);
    }
  });

  it('lifForward(...) cannot spike on the step after a spike (τ_ref = 2 ms) but can two steps later', () => {
    const params = defineLifParams({ size: 1, dtype: Float64Array });
    let state: LifState = { v: Float64Array.from([-30]), refractoryMs: new Float64Array(1) };
    const strong = Float64Array.from([1]); // V_∞ = +940 mV: fires whenever allowed
    const fired: number[] = [];
    for (let t = 0; t < 7; t++) {
      const out = createLifStepOutput(params, 1, Float64Array);
      lifForward(params, state, strong, NO_LIF_NOISE, softSpike(), 1, out);
      fired.push(out.flags[0]! & SpikeFlag.fired ? 1 : 0);
      if (fired[t]) expect(out.v[0]).toBe(-60);
      if (!(out.flags[0]! & SpikeFlag.canFire)) {
        expect(out.v[0]).toBe(-60);
        expect(out.spikes[0]).toBe(0);
      }
      state = out;
    }
    expect(fired).toEqual([1, 0, 1, 0, 1, 0, 1]);
  });

  it('lifForward(...) floors the voltage at V_min = −80 mV and passes no gradient through the floor', () => {
    const params = defineLifParams({ size: 1, dtype: Float64Array });
    const state = { v: Float64Array.from([-79]), refractoryMs: new Float64Array(1) };
    const out = createLifStepOutput(params, 1, Float64Array);
    lifForward(params, state, Float64Array.from([-0.5]), NO_LIF_NOISE, softSpike(), 1, out);
    expect(out.v[0]).toBe(-80);
    const grads = { v: new Float64Array(1), inputNa: new Float64Array(1), params: createLifParamGrads(params) };
    lifBackward(params, state, Float64Array.from([-0.5]), NO_LIF_NOISE, softSpike(), 1, out, { v: Float64Array.from([1]), spikes: null }, grads);
    expect(grads.v[0]).toBe(0);
    expect(grads.inputNa[0]).toBe(0);
  });

  it('lifForward(...) in hard mode emits 0/1 spikes equal to the soft mode reset trigger', () => {
    const d = setup();
    const soft = run(d, d.params, softSpike());
    const hard = run(d, d.params, hardSpike());
    for (let k = 0; k < total; k++) {
      expect(hard.spikes[k]).toBe(soft.flags[k]! & SpikeFlag.fired ? 1 : 0);
      expect(hard.v[k]).toBe(soft.v[k]);
    }
  });

  it('lifForward(...) does not mutate its inputs', () => {
    const d = setup();
    const copies = [d.state.v, d.state.refractoryMs, d.inputNa, d.params.vThresholdMv].map((a) => Float64Array.from(a));
    run(d);
    backward(d);
    [d.state.v, d.state.refractoryMs, d.inputNa, d.params.vThresholdMv].forEach((a, i) => expect(a).toEqual(copies[i]));
  });
});
