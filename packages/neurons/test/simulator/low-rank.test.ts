import {
  compileNetwork,
  createSimState,
  decodeSimState,
  encodeSimState,
  InvalidParameterError,
  runSimulation,
  setLearningSignal,
  ShapeMismatchError,
  spikeMonitor,
  stateMonitor,
  takeLowRankGradients,
} from '../../src/index';
import type { LowRankProjectionSpec, NetworkSpec, PopulationSpec, SpikeMonitorData } from '../../src/index';

const dtMs = 0.2;
const nPre = 25;
const nPost = 12;
const rank = 3;
const delay = 4;
const steps = 1500;

// deterministic factors: A in [−1.5, 4.5) mV, B in [0, 1)
const a = Float64Array.from({ length: nPost * rank }, (_, k) => (((k * 7919) % 23) / 23) * 6 - 1.5);
const b = Float64Array.from({ length: rank * nPre }, (_, k) => ((k * 104729) % 31) / 31);

/** The whole-brain spec's LIF (rest 0, threshold 1 mV… scaled ×20 here so the weights read as mV). */
const populations: PopulationSpec[] = [
  { kind: 'poisson', name: 'in', size: nPre, rateHz: 100 },
  {
    kind: 'lif',
    name: 'out',
    size: nPost,
    tauMemMs: 20,
    vRestMv: 0,
    vThresholdMv: 20,
    vResetMv: 0,
    refractoryMs: 1,
    synapses: { exc: { tauMs: 5 }, inh: { tauMs: 10 } },
    vInitMv: { kind: 'uniform', lowMv: 0, highMv: 15 },
  },
];
const monitors: NetworkSpec['monitors'] = [
  { kind: 'spikes', name: 'pre', population: 'in', windows: [{ startMs: 0, stopMs: steps * dtMs }], capacity: 50000 },
  { kind: 'spikes', name: 'post', population: 'out', windows: [{ startMs: 0, stopMs: steps * dtMs }], capacity: 50000 },
  { kind: 'state', name: 'v', population: 'out', variable: 'v', neurons: Array.from({ length: nPost }, (_, j) => j), everyMs: dtMs, stopMs: (steps + 1) * dtMs },
];
const lowRank = (etrace?: LowRankProjectionSpec['etrace']): LowRankProjectionSpec => ({
  name: 'lora',
  pre: 'in',
  post: 'out',
  synapse: 'exc',
  rank,
  aMv: a,
  b,
  delaySteps: delay,
  ...(etrace ? { etrace } : {}),
});

/** W = A·B as a dense CSR projection (signed weights, no signs array). */
function denseEquivalent() {
  const rowPtr = Int32Array.from({ length: nPre + 1 }, (_, i) => i * nPost);
  const postIndex = Int32Array.from({ length: nPre * nPost }, (_, s) => s % nPost);
  const weightsMv = Float64Array.from({ length: nPre * nPost }, (_, s) => {
    const i = Math.floor(s / nPost);
    const j = s % nPost;
    let w = 0;
    for (let k = 0; k < rank; k++) w += a[j * rank + k]! * b[k * nPre + i]!;
    return w;
  });
  return { name: 'dense', pre: 'in', post: 'out', synapse: 'exc', rowPtr, postIndex, weightsMv, delaySteps: delay };
}

function byStep(m: SpikeMonitorData): Set<number>[] {
  const out = Array.from({ length: steps }, () => new Set<number>());
  for (let k = 0; k < m.count; k++) out[m.steps[k]!]!.add(m.neurons[k]!);
  return out;
}

describe('low-rank (LoRA) projections', () => {
  it.each([['auto'], ['javascript']] as const)('drive the network exactly as the dense matrix A·B with the same delay (kernels: %s)', (kernels) => {
    const lr = compileNetwork({ populations, monitors, lowRankProjections: [lowRank()] }, { dtMs, seed: 4, kernels });
    const dense = compileNetwork({ populations, monitors, projections: [denseEquivalent()] }, { dtMs, seed: 4, kernels });
    const x = runSimulation(lr, createSimState(lr), steps * dtMs);
    const y = runSimulation(dense, createSimState(dense), steps * dtMs);
    const vx = stateMonitor(x, 'v').values;
    const vy = stateMonitor(y, 'v').values;
    let max = 0;
    for (let k = 0; k < vx.length; k++) max = Math.max(max, Math.abs(vx[k]! - vy[k]!));
    expect(max).toBeLessThan(1e-9); // only the summation order differs
    expect(spikeMonitor(x, 'post').count).toBe(spikeMonitor(y, 'post').count);
    expect(spikeMonitor(x, 'post').count).toBeGreaterThan(20);
  });

  it('accumulates the eligibility-trace gradients of the documented equations (a direct loop with the dense eligibility)', () => {
    const lambda = 0.99;
    const gamma = 0.3;
    const net = compileNetwork({ populations, monitors, lowRankProjections: [lowRank({ decay: lambda, pseudoDerivative: { gamma } })] }, { dtMs, seed: 4 });
    const half = steps / 2;
    const s = runSimulation(net, createSimState(net), half * dtMs);
    const ell = Float64Array.from({ length: nPost }, (_, j) => (j % 3) - 1 + 0.25 * j);
    setLearningSignal(net, s, 'lora', ell);
    runSimulation(net, s, half * dtMs, { inPlace: true });
    const got = takeLowRankGradients(net, s, 'lora');
    expect(got.steps).toBe(half);
    expect(Array.from(takeLowRankGradients(net, s, 'lora').gradA).every((g) => g === 0)).toBe(true); // cleared

    // replay: x̄, ε^v, ε^g per the doc comment; G_ji = Σ ℓ_j ψ_j ε^v_j x̄_i as a dense matrix
    const pre = byStep(spikeMonitor(s, 'pre'));
    const post = byStep(spikeMonitor(s, 'post'));
    const v = stateMonitor(s, 'v').values;
    const am = Math.exp(-dtMs / 20);
    const ag = Math.exp(-dtMs / 5);
    const kg = (5 / (5 - 20)) * (ag - am); // exact-integration drive gain of the exc channel (τ_s = 5, τ_m = 20)
    const xbar = new Float64Array(nPre);
    const ev = new Float64Array(nPost);
    const eg = new Float64Array(nPost);
    const G = new Float64Array(nPost * nPre);
    for (let n = 0; n < steps; n++) {
      for (let i = 0; i < nPre; i++) xbar[i] = lambda * xbar[i]! + (n >= delay && pre[n - delay]!.has(i) ? 1 - lambda : 0);
      for (let j = 0; j < nPost; j++) {
        const g = eg[j]!;
        ev[j] = lambda * ((post[n]!.has(j) ? 0 : am) * ev[j]! + kg * g);
        eg[j] = lambda * ag * g + (1 - lambda);
      }
      if (n < half) continue;
      for (let j = 0; j < nPost; j++) {
        const psi = post[n]!.has(j) ? gamma : gamma * Math.max(0, 1 - Math.abs(v[(n + 1) * nPost + j]! - 20) / 20);
        for (let i = 0; i < nPre; i++) G[j * nPre + i] += ell[j]! * psi * ev[j]! * xbar[i]!;
      }
    }
    const refA = new Float64Array(nPost * rank); // ∂L/∂A = G·Bᵀ
    const refB = new Float64Array(rank * nPre); // ∂L/∂B = Aᵀ·G
    for (let j = 0; j < nPost; j++) {
      for (let i = 0; i < nPre; i++) {
        for (let k = 0; k < rank; k++) {
          refA[j * rank + k] += G[j * nPre + i]! * b[k * nPre + i]!;
          refB[k * nPre + i] += a[j * rank + k]! * G[j * nPre + i]!;
        }
      }
    }
    const close = (x: Float64Array, y: Float64Array) => {
      const scale = Math.max(...Array.from(y, Math.abs));
      expect(scale).toBeGreaterThan(1e-6);
      for (let k = 0; k < x.length; k++) expect(Math.abs(x[k]! - y[k]!)).toBeLessThan(1e-10 * scale);
    };
    close(got.gradA, refA);
    close(got.gradB, refB);
  });

  it('is the same bit for bit however the run is chunked, through a save/restore', () => {
    const net = compileNetwork({ populations, monitors, lowRankProjections: [lowRank({ decay: 0.99, pseudoDerivative: { gamma: 0.3 } })] }, { dtMs, seed: 4 });
    const ell = new Float64Array(nPost).fill(0.5);
    const whole = createSimState(net);
    setLearningSignal(net, whole, 'lora', ell);
    runSimulation(net, whole, steps * dtMs, { inPlace: true });
    let part = createSimState(net);
    setLearningSignal(net, part, 'lora', ell);
    part = runSimulation(net, part, 333 * dtMs);
    part = decodeSimState(encodeSimState(part), 'test');
    part = runSimulation(net, part, (steps - 333) * dtMs);
    for (const key of ['gradA', 'gradB', 'inputTrace', 'outputTraceV'] as const) {
      expect(Buffer.from(part.lowRank!.lora![key].buffer)).toEqual(Buffer.from(whole.lowRank!.lora![key].buffer));
    }
  });

  it('rejects wrong shapes and settings with errors that name the field', () => {
    const bad = (lr: Partial<LowRankProjectionSpec>) => () => compileNetwork({ populations, lowRankProjections: [{ ...lowRank(), ...lr }] }, { dtMs, seed: 1 });
    expect(bad({ aMv: a.slice(1) })).toThrow(ShapeMismatchError);
    expect(bad({ aMv: a.slice(1) })).toThrow(/aMv/);
    expect(bad({ rank: 0 })).toThrow(/rank/);
    expect(bad({ synapse: 'nmda' })).toThrow(/one of: exc, inh/);
    expect(bad({ etrace: { decay: 1, pseudoDerivative: { gamma: 1 } } })).toThrow(/decay/);
    expect(bad({ b: Float64Array.from(b, (x, k) => (k === 3 ? Number.NaN : x)) })).toThrow(InvalidParameterError);
    const net = compileNetwork({ populations, lowRankProjections: [lowRank({ decay: 0.9, pseudoDerivative: { gamma: 1 } })] }, { dtMs, seed: 1 });
    const s = createSimState(net);
    expect(() => setLearningSignal(net, s, 'lora', new Float64Array(3))).toThrow(ShapeMismatchError);
    expect(() => setLearningSignal(net, s, 'other', new Float64Array(nPost))).toThrow(/one of: lora/);
    const plain = compileNetwork({ populations, projections: [denseEquivalent()] }, { dtMs, seed: 1 }); // same delay rings, no low-rank state
    expect(() => runSimulation(net, createSimState(plain), 1)).toThrow(/low-rank projection lora/);
  });
});
