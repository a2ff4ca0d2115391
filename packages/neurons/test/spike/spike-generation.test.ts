import { refractoryCountdown, softSpike, hardSpike, spikeBackward, spikeForward } from '../../src/index';
import { expectArrayClose } from '../helpers/assert-close';
import { dot, FD_TOLERANCE, numericGradient } from '../helpers/finite-difference';
import { seededNormal, seededUniform } from '../helpers/seeded';
import { tf, tidyGrads, TF_TOLERANCE, useWasmBackend } from '../helpers/tf';

const n = 5;
const batch = 3;
const total = n * batch;

function setup() {
  const v = seededUniform(1, total, -46, -34);
  const vTh = seededUniform(2, n, -44, -36);
  const jitter = seededNormal(3, total);
  const canFire = Uint8Array.from({ length: total }, (_, k) => (k % 4 === 1 ? 0 : 1));
  const w = seededNormal(4, total);
  return { v, vTh, jitter, canFire, w };
}

function forward(fn: ReturnType<typeof softSpike> | ReturnType<typeof hardSpike>, d: ReturnType<typeof setup>) {
  const out = { spikes: new Float64Array(total), uMv: new Float64Array(total), fired: new Uint8Array(total) };
  spikeForward(fn, n, d.v, d.vTh, d.jitter, d.canFire, out);
  return out;
}

describe('spikeForward / spikeBackward', () => {
  beforeAll(useWasmBackend);

  it('spikeForward(...) zeroes spikes of refractory neurons and sets fired = s > 0.5 ≡ u > 0', () => {
    const d = setup();
    const soft = forward(softSpike(), d);
    const hard = forward(hardSpike(), d);
    for (let k = 0; k < total; k++) {
      const u = d.v[k]! - d.vTh[k % n]! - d.jitter[k]!;
      expect(soft.uMv[k]).toBe(u);
      if (d.canFire[k] === 0) {
        expect(soft.spikes[k]).toBe(0);
        expect(soft.fired[k]).toBe(0);
      } else {
        expect(soft.spikes[k]).toBeCloseTo(1 / (1 + Math.exp(-u)), 14);
        expect(soft.fired[k]).toBe(u > 0 ? 1 : 0);
      }
      expect(hard.spikes[k]).toBe(d.canFire[k] && u > 0 ? 1 : 0);
      expect(hard.fired[k]).toBe(soft.fired[k]);
    }
  });

  it('spikeBackward(...) matches central finite differences in float64 (1e-6) for V and V_th', () => {
    const d = setup();
    const loss = () => dot(d.w, forward(softSpike(), d).spikes);
    const out = forward(softSpike(), d);
    const gV = new Float64Array(total);
    const gTh = new Float64Array(n);
    spikeBackward(softSpike(), n, out.uMv, d.canFire, d.w, { vMv: gV, vThresholdMv: gTh });
    expectArrayClose(gV, numericGradient(loss, d.v), FD_TOLERANCE, 'dL/dV');
    expectArrayClose(gTh, numericGradient(loss, d.vTh), FD_TOLERANCE, 'dL/dV_th');
  });

  it('spikeBackward(hardSpike(), ...) adds nothing (Heaviside has zero derivative)', () => {
    const d = setup();
    const out = forward(hardSpike(), d);
    const gV = new Float64Array(total);
    spikeBackward(hardSpike(), n, out.uMv, d.canFire, d.w, { vMv: gV, vThresholdMv: null });
    expect(Array.from(gV).every((x) => x === 0)).toBe(true);
  });

  it('spikeBackward(...) matches TensorFlow.js autodiff of sigmoid((V − V_th − ε)/1 mV)·canFire (float32, 1e-4)', () => {
    const d = setup();
    const out = forward(softSpike(), d);
    const gV = new Float64Array(total);
    const gTh = new Float64Array(n);
    spikeBackward(softSpike(), n, out.uMv, d.canFire, d.w, { vMv: gV, vThresholdMv: gTh });
    const [tV, tTh] = tidyGrads(() => {
      const f = (v: tf.Tensor, th: tf.Tensor) => {
        const u = v
          .reshape([batch, n])
          .sub(th)
          .sub(tf.tensor2d(Float32Array.from(d.jitter), [batch, n]));
        const s = tf.sigmoid(u).mul(tf.tensor2d(Float32Array.from(d.canFire), [batch, n]));
        return s.mul(tf.tensor2d(Float32Array.from(d.w), [batch, n])).sum();
      };
      return tf.grads(f)([tf.tensor1d(Float32Array.from(d.v)), tf.tensor1d(Float32Array.from(d.vTh))]);
    });
    expectArrayClose(gV, tV!, TF_TOLERANCE, 'dL/dV vs tf');
    expectArrayClose(gTh, tTh!, TF_TOLERANCE, 'dL/dV_th vs tf');
  });

  it('refractoryCountdown(ρ, 1, out) blocks a neuron for one step after τ_ref = 2 ms and frees it on the next', () => {
    const rho = Float32Array.from([2, 1, 0, 0.5]);
    const out = { refractoryMs: new Float32Array(4), canFire: new Uint8Array(4) };
    refractoryCountdown(rho, 1, out);
    expect(Array.from(out.refractoryMs)).toEqual([1, 0, 0, 0]);
    expect(Array.from(out.canFire)).toEqual([0, 1, 1, 1]);
    refractoryCountdown(out.refractoryMs, 1, out); // in place
    expect(Array.from(out.canFire)).toEqual([1, 1, 1, 1]);
  });
});
