import {
  applyEpropReward,
  compileNetwork,
  createRng,
  createSimState,
  decodeSimState,
  encodeSimState,
  epropReward,
  epropSnapshot,
  fixedProbabilityProjection,
  InvalidParameterError,
  runSimulation,
  spikeMonitor,
  stateMonitor,
} from '../../src/index';
import type { EpropRewardRule, NetworkSpec, SpikeMonitorData } from '../../src/index';

const dtMs = 0.1;
const nIn = 30;
const nOut = 10;
const vTh = 20;

/** The macro-brain reference's settings (spec §4.2), with a shorter τ_e so a short run fills it. */
const rule = (over: Partial<EpropRewardRule> = {}): EpropRewardRule =>
  epropReward({ tauPreMs: 20, tauEligibilityMs: 5, pseudoDerivative: { gamma: 0.5 }, learningRate: 0.1, baselineDecay: 0.99, wMinMv: -15, wMaxMv: 15, ...over });

/** Poisson → LIF (normalised units as in the reference: rest 0, threshold 20) with signed weights. */
function network(r: EpropRewardRule, steps: number) {
  const conn = fixedProbabilityProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'syn', preSize: nIn, postSize: nOut, probability: 0.6, weightMv: 0, rng: createRng(3) });
  const w0 = Float64Array.from(conn.postIndex, (_, s) => ((s * 7919) % 17) - 5); // −5 … 11, some inhibitory
  const spec: NetworkSpec = {
    populations: [
      { kind: 'poisson', name: 'in', size: nIn, rateHz: 80 },
      {
        kind: 'lif',
        name: 'out',
        size: nOut,
        tauMemMs: 20,
        vRestMv: 0,
        vThresholdMv: vTh,
        vResetMv: 0,
        refractoryMs: 2,
        synapses: { syn: { tauMs: 5 } },
        integration: 'euler',
        vInitMv: { kind: 'uniform', lowMv: 0, highMv: 20 },
      },
    ],
    projections: [{ ...conn, weightsMv: w0, plasticity: [r] }],
    monitors: [
      { kind: 'spikes', name: 'pre', population: 'in', windows: [{ startMs: 0, stopMs: steps * dtMs }], capacity: 20000 },
      { kind: 'spikes', name: 'post', population: 'out', windows: [{ startMs: 0, stopMs: steps * dtMs }], capacity: 20000 },
      { kind: 'state', name: 'v', population: 'out', variable: 'v', neurons: Array.from({ length: nOut }, (_, j) => j), everyMs: dtMs, stopMs: (steps + 1) * dtMs },
    ],
  };
  return { conn, w0, net: compileNetwork(spec, { dtMs, seed: 11 }) };
}

function byStep(m: SpikeMonitorData, steps: number): Set<number>[] {
  const out = Array.from({ length: steps }, () => new Set<number>());
  for (let k = 0; k < m.count; k++) out[m.steps[k]!]!.add(m.neurons[k]!);
  return out;
}

/** The rule's documented equations as a direct loop over synapses, replayed on the recorded run. */
function directEligibility(r: EpropRewardRule, rowPtr: ArrayLike<number>, postIndex: ArrayLike<number>, pre: Set<number>[], post: Set<number>[], v: Float64Array): Float64Array {
  const nSyn = postIndex.length;
  const zbar = new Float64Array(nSyn);
  const e = new Float64Array(nSyn);
  const alpha = Math.exp(-dtMs / r.tauPreMs);
  const kappa = Math.exp(-dtMs / r.tauEligibilityMs);
  const peak = r.pseudoDerivative.atSpike === 'peak';
  for (let n = 0; n < pre.length; n++) {
    for (let i = 0; i < nIn; i++) {
      for (let s = rowPtr[i]!; s < rowPtr[i + 1]!; s++) {
        const j = postIndex[s]!;
        zbar[s] = alpha * zbar[s]! + (1 - alpha) * (pre[n]!.has(i) ? 1 : 0);
        const vj = v[(n + 1) * nOut + j]!; // the potential after step n
        const psi = peak && post[n]!.has(j) ? r.pseudoDerivative.gamma : r.pseudoDerivative.gamma * Math.max(0, 1 - Math.abs(vj - vTh) / vTh);
        e[s] = kappa * e[s]! + (1 - kappa) * psi * zbar[s]!;
      }
    }
  }
  return e;
}

describe('reward-modulated e-prop', () => {
  const steps = 600;

  it.each([['reset'], ['peak']] as const)('filtered eligibility equals a direct per-synapse loop (ψ at spikes: %s)', (atSpike) => {
    const r = rule({ pseudoDerivative: { gamma: 0.5, atSpike } });
    const { conn, net } = network(r, steps);
    const end = runSimulation(net, createSimState(net), steps * dtMs);
    const pre = byStep(spikeMonitor(end, 'pre'), steps);
    const post = byStep(spikeMonitor(end, 'post'), steps);
    expect(spikeMonitor(end, 'post').count).toBeGreaterThan(10); // the outputs fire, so resets matter
    const e = directEligibility(r, conn.rowPtr, conn.postIndex, pre, post, stateMonitor(end, 'v').values);
    const got = end.projections.ff!.eprop!.eligibility;
    let max = 0;
    for (let s = 0; s < e.length; s++) max = Math.max(max, Math.abs(got[s]! - e[s]!));
    expect(max).toBeLessThan(1e-15);
    expect(Math.max(...e)).toBeGreaterThan(1e-3); // not trivially zero
  });

  it('snapshot then reward: R̄ is updated before the error, weights move by η·(R − R̄)·e* and are clipped', () => {
    const r = rule({ learningRate: 2000 }); // large, so some weights hit the bounds
    const { w0, net } = network(r, steps);
    const s = runSimulation(net, createSimState(net), 300 * dtMs);
    epropSnapshot(net, s, 'ff');
    const snap = s.projections.ff!.eprop!.eligibility.slice();
    runSimulation(net, s, 300 * dtMs, { inPlace: true }); // eligibility moves on; the snapshot must not
    expect(Array.from(s.projections.ff!.eprop!.snapshot)).toEqual(Array.from(snap));
    const before = s.projections.ff!.weightsMv.slice();
    expect(Array.from(before)).toEqual(Array.from(w0)); // nothing learns between rewards
    const first = applyEpropReward(net, s, 'ff', 1);
    expect(first.predictionError).toBeCloseTo(1 - 0.01, 15); // R̄ = 0.99·0 + 0.01·1
    expect(first.rewards).toBe(1);
    let clipped = 0;
    for (let k = 0; k < before.length; k++) {
      const want = Math.min(15, Math.max(-15, before[k]! + 2000 * 0.99 * snap[k]!));
      if (want === 15 || want === -15) clipped++;
      expect(s.projections.ff!.weightsMv[k]).toBe(want);
    }
    expect(clipped).toBeGreaterThan(0);
    const second = applyEpropReward(net, s, 'ff', 1, { from: 'current' });
    expect(second.predictionError).toBeCloseTo(1 - (0.99 * 0.01 + 0.01), 15);
  });

  it('is the same bit for bit however the run is chunked, and survives a save/restore', () => {
    const { net } = network(rule(), steps);
    const whole = runSimulation(net, createSimState(net), steps * dtMs);
    let part = runSimulation(net, createSimState(net), 250 * dtMs);
    part = decodeSimState(encodeSimState(part), 'test');
    part = runSimulation(net, part, 350 * dtMs);
    expect(Buffer.from(part.projections.ff!.eprop!.eligibility.buffer)).toEqual(Buffer.from(whole.projections.ff!.eprop!.eligibility.buffer));
    expect(Buffer.from(part.projections.ff!.preTrace.buffer)).toEqual(Buffer.from(whole.projections.ff!.preTrace.buffer));
  });

  it('rejects bad rules and misuse with errors that name the field', () => {
    expect(() => rule({ baselineDecay: 1 })).toThrow(/baselineDecay/);
    expect(() => rule({ wMaxMv: -20 })).toThrow(/wMaxMv/);
    expect(() => rule({ pseudoDerivative: { gamma: 0 } })).toThrow(/gamma/);
    expect(() => rule({ tauEligibilityMs: Number.NaN })).toThrow(InvalidParameterError);
    const { net } = network(rule(), 10);
    const s = createSimState(net);
    expect(() => epropSnapshot(net, s, 'nope')).toThrow(/one of: ff/);
    expect(() => applyEpropReward(net, s, 'ff', Number.NaN)).toThrow(/reward/);
    const conn = fixedProbabilityProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'syn', preSize: 4, postSize: 3, probability: 1, weightMv: 1, rng: createRng(1) });
    const pops: NetworkSpec['populations'] = [
      { kind: 'poisson', name: 'in', size: 4, rateHz: 10 },
      { kind: 'lif', name: 'out', size: 3, tauMemMs: 20, vRestMv: 0, vThresholdMv: 20, vResetMv: 0, refractoryMs: 2, synapses: { syn: { tauMs: 5 } } },
    ];
    const signs = new Array(conn.postIndex.length).fill(1);
    expect(() => compileNetwork({ populations: pops, projections: [{ ...conn, signs, plasticity: [rule()] }] }, { dtMs, seed: 1 })).toThrow(/signed weights/);
  });
});
