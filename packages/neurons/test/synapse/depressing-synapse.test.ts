import { createSynapseParamGrads, createSynapseState, csrFromDense, defineSynapseParams, defineSynapsePathway, synapseBackward, synapseForward } from '../../src/index';
import type { SynapseParams, SynapsePathway, SynapseState } from '../../src/index';
import { expectArrayClose } from '../helpers/assert-close';
import { randomCounts } from '../helpers/connectivity';
import { dot, FD_TOLERANCE, numericDerivative, numericGradient } from '../helpers/finite-difference';
import { seededNormal, seededUniform } from '../helpers/seeded';
import { tf, tidyGrads, TF_TOLERANCE, useWasmBackend } from '../helpers/tf';

const nPre = 5;
const nPost = 4;
const batch = 3;

function setup(shortTermDepression: boolean, sign: 'excitatory' | 'inhibitory' = 'excitatory') {
  const { csr, dense } = randomCounts(30, nPre, nPost);
  const pathway = defineSynapsePathway({ counts: csr, sign, shortTermDepression });
  const params = defineSynapseParams({ strengthNa: 2.5, tauRecMs: 150, releaseProbability: 0.35 });
  const state: SynapseState = { currentNa: seededUniform(31, batch * nPost, -2, 4), resources: seededUniform(32, batch * nPre, 0.2, 1) };
  const spikes = seededUniform(33, batch * nPre, 0.02, 0.98);
  spikes[3] = 1.3; // outside clip(s, 0, 1): depletion saturates, no clip gradient
  spikes[7] = 0;
  const noise = seededNormal(34, batch * nPost, 0.25);
  const wI = seededNormal(35, batch * nPost);
  const wX = seededNormal(36, batch * nPre, 3);
  let max = 0;
  for (const c of dense) max = Math.max(max, c);
  return { pathway, params, state, spikes, noise, wI, wX, norm: dense.map((c) => Math.fround(c / max)) }; // norm is stored in float32
}
type Setup = ReturnType<typeof setup>;

function step(d: Setup, params: SynapseParams = d.params) {
  const out = createSynapseState(d.pathway, batch, Float64Array);
  synapseForward(d.pathway, params, d.state, d.spikes, d.noise, 1, out);
  return out;
}
const lossOf = (d: Setup, params: SynapseParams = d.params) => {
  const out = step(d, params);
  return dot(d.wI, out.currentNa) + dot(d.wX, out.resources);
};
function backward(d: Setup) {
  const grads = {
    currentNa: new Float64Array(batch * nPost),
    resources: new Float64Array(batch * nPre),
    spikes: new Float64Array(batch * nPre),
    params: createSynapseParamGrads(),
  };
  synapseBackward(d.pathway, d.params, d.state, d.spikes, d.noise, 1, { currentNa: d.wI, resources: d.wX }, grads);
  return grads;
}

describe('synapseForward / synapseBackward', () => {
  beforeAll(useWasmBackend);

  it("synapseForward(...) computes I' = α·I + sign·S·((s⊙U⊙x1)·norm)⊙(1+ξ) and x' = x1⊙(1 − U·clip(s)) (dense reference)", () => {
    for (const std of [true, false]) {
      const d = setup(std, 'inhibitory');
      const out = step(d);
      const S = 2.5;
      const U = 0.35;
      const r = Math.exp(-1 / 150);
      const alpha = Math.exp(-1 / 5);
      for (let b = 0; b < batch; b++) {
        for (let k = 0; k < nPost; k++) {
          let J = 0;
          for (let j = 0; j < nPre; j++) {
            const x1 = 1 - (1 - d.state.resources[b * nPre + j]!) * r;
            J += d.spikes[b * nPre + j]! * (std ? U * x1 : 1) * d.norm[j * nPost + k]!;
          }
          const expected = alpha * d.state.currentNa[b * nPost + k]! - S * J * (1 + d.noise[b * nPost + k]!);
          expect(out.currentNa[b * nPost + k]).toBeCloseTo(expected, 12);
        }
        for (let j = 0; j < nPre; j++) {
          const x = d.state.resources[b * nPre + j]!;
          const s = Math.min(1, Math.max(0, d.spikes[b * nPre + j]!));
          expect(out.resources[b * nPre + j]).toBeCloseTo(std ? (1 - (1 - x) * r) * (1 - U * s) : x, 14);
        }
      }
    }
  });

  it.each([[true], [false]])('synapseBackward(...) (STD %p) matches central finite differences in float64 (1e-6) for I, x, s and the three scalars', (std) => {
    const d = setup(std);
    const g = backward(d);
    const loss = () => lossOf(d);
    expectArrayClose(g.currentNa, numericGradient(loss, d.state.currentNa as Float64Array), FD_TOLERANCE, 'dL/dI');
    expectArrayClose(g.resources, numericGradient(loss, d.state.resources as Float64Array), FD_TOLERANCE, 'dL/dx');
    const fdS = numericGradient(loss, d.spikes);
    // s[7] = 0 sits on the lower edge of clip(s, 0, 1), where torch.clamp passes the gradient
    // (inclusive bounds): compare it with the right-sided difference instead.
    const l0 = loss();
    d.spikes[7] = 1e-7;
    fdS[7] = (loss() - l0) / 1e-7;
    d.spikes[7] = 0;
    expectArrayClose(g.spikes, fdS, FD_TOLERANCE, 'dL/ds');
    const fd = (key: keyof SynapseParams) => numericDerivative((v) => lossOf(d, { ...d.params, [key]: v }), d.params[key]);
    expectArrayClose(
      [g.params.logStrengthNa, g.params.logTauRecMs, g.params.logitReleaseProbability],
      [fd('logStrengthNa'), fd('logTauRecMs'), fd('logitReleaseProbability')],
      FD_TOLERANCE,
      'dL/d(ln S, ln τ_rec, logit U)',
    );
    if (!std) expect(g.params.logTauRecMs).toBe(0);
  });

  it.each([[true], [false]])('synapseBackward(...) (STD %p) matches TensorFlow.js autodiff with a dense W (float32, 1e-4)', (std) => {
    const d = setup(std);
    const g = backward(d);
    const f32 = (x: ArrayLike<number>, r: number, c: number) => tf.tensor2d(Float32Array.from(x), [r, c]);
    const [gI, gX, gS, gLogS, gLogTau, gLogit] = tidyGrads(() => {
      const norm = f32(d.norm, nPre, nPost);
      const f = (I: tf.Tensor, x: tf.Tensor, s: tf.Tensor, logS: tf.Tensor, logTau: tf.Tensor, logitU: tf.Tensor) => {
        const W = norm.mul(tf.exp(logS));
        let J: tf.Tensor;
        let xNext: tf.Tensor;
        if (std) {
          const U = tf.sigmoid(logitU);
          const r = tf.exp(tf.div(-1, tf.exp(logTau)));
          const x1 = tf.sub(1, tf.sub(1, x).mul(r));
          J = tf.matMul(s.mul(U).mul(x1), W);
          xNext = x1.mul(tf.sub(1, U.mul(tf.clipByValue(s, 0, 1))));
        } else {
          J = tf.matMul(s, W).add(logTau.mul(0)).add(logitU.mul(0));
          xNext = x;
        }
        J = J.mul(f32(d.noise, batch, nPost).add(1));
        const INext = I.mul(Math.exp(-1 / 5)).add(J);
        return INext.mul(f32(d.wI, batch, nPost))
          .sum()
          .add(xNext.mul(f32(d.wX, batch, nPre)).sum());
      };
      return tf.grads(f)([
        f32(d.state.currentNa, batch, nPost),
        f32(d.state.resources, batch, nPre),
        f32(d.spikes, batch, nPre),
        tf.scalar(d.params.logStrengthNa),
        tf.scalar(d.params.logTauRecMs),
        tf.scalar(d.params.logitReleaseProbability),
      ]);
    });
    expectArrayClose(g.currentNa, gI!, TF_TOLERANCE, 'dL/dI vs tf');
    expectArrayClose(g.resources, gX!, TF_TOLERANCE, 'dL/dx vs tf');
    expectArrayClose(g.spikes, gS!, TF_TOLERANCE, 'dL/ds vs tf');
    expectArrayClose([g.params.logStrengthNa], gLogS!, TF_TOLERANCE, 'dL/dln S vs tf');
    expectArrayClose([g.params.logTauRecMs], gLogTau!, { rtol: TF_TOLERANCE.rtol, atol: 1e-6 }, 'dL/dln τ_rec vs tf');
    expectArrayClose([g.params.logitReleaseProbability], gLogit!, { rtol: TF_TOLERANCE.rtol, atol: 1e-6 }, 'dL/dlogit U vs tf');
  });

  function epscTrain(pathway: SynapsePathway, spikeSteps: Set<number>, steps: number): number[] {
    const params = defineSynapseParams();
    let state = createSynapseState(pathway, 1, Float64Array);
    const injected: number[] = [];
    for (let t = 0; t < steps; t++) {
      const out = createSynapseState(pathway, 1, Float64Array);
      synapseForward(pathway, params, state, Float64Array.of(spikeSteps.has(t) ? 1 : 0), null, 1, out);
      if (spikeSteps.has(t)) injected.push(out.currentNa[0]! - Math.exp(-1 / 5) * state.currentNa[0]!);
      state = out;
    }
    return injected;
  }

  it('synapseForward(...) depresses: successive EPSCs of a 50 Hz spike train shrink, and recover after a pause', () => {
    const pathway = defineSynapsePathway({ counts: csrFromDense([4], 1, 1), sign: 'excitatory' });
    const train = new Set([0, 20, 40, 60, 80, 1500]);
    const epsc = epscTrain(pathway, train, 1501);
    for (let i = 1; i < 5; i++) expect(epsc[i]!).toBeLessThan(epsc[i - 1]!);
    expect(epsc[0]).toBeCloseTo(5 * 0.3, 12); // S·U·x with x = 1
    expect(epsc[1]).toBeCloseTo(5 * 0.3 * (1 - 0.3 * Math.exp(-20 / 200)), 12); // x = 1 − (1 − 0.7)·r^20
    expect(epsc[5]!).toBeGreaterThan(0.999 * epsc[0]!); // recovered after 1.4 s ≫ τ_rec
  });

  it('synapseForward(...) without STD injects s·W with no factor U and no depression (≈ 1/U larger)', () => {
    const pathway = defineSynapsePathway({ counts: csrFromDense([4], 1, 1), sign: 'excitatory', shortTermDepression: false });
    const epsc = epscTrain(pathway, new Set([0, 20, 40]), 41);
    expect(epsc).toEqual([5, 5, 5].map((x) => expect.closeTo(x, 12)));
  });

  it('synapseForward(...) decays the current by α_syn = e^(−1/5) per 1 ms step and gives inhibitory pathways negative currents', () => {
    const pathway = defineSynapsePathway({ counts: csrFromDense([1, 0, 2, 1], 2, 2), sign: 'inhibitory' });
    const params = defineSynapseParams();
    const out = createSynapseState(pathway, 1, Float64Array);
    synapseForward(pathway, params, { currentNa: Float64Array.of(-1, 0), resources: Float64Array.of(1, 1) }, Float64Array.of(0, 1), null, 1, out);
    expect(out.currentNa[0]).toBeCloseTo(-Math.exp(-0.2) - 5 * 0.3 * 1, 12);
    expect(out.currentNa[1]).toBeCloseTo(-5 * 0.3 * 0.5, 12);
    expect(Math.exp(-0.2)).toBeCloseTo(0.818731, 6);
  });

  it('synapseForward(...) does not mutate its inputs', () => {
    const d = setup(true);
    const copies = [d.state.currentNa, d.state.resources, d.spikes, d.noise].map((a) => Float64Array.from(a));
    step(d);
    backward(d);
    [d.state.currentNa, d.state.resources, d.spikes, d.noise].forEach((a, i) => expect(a).toEqual(copies[i]));
  });
});
