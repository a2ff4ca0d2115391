import {
  compileNetwork,
  createRng,
  createSimState,
  fixedProbabilityProjection,
  homeostasisMultiplicative,
  incomingSumHomeostasis,
  InvalidParameterError,
  runSimulation,
  stdpAdditive,
  stdpMultiplicative,
} from '../../src/index';
import type { HomeostasisRule, NetworkSpec, PlasticityRule, SpikeMonitorData, StdpRule } from '../../src/index';

const dtMs = 0.5;
const durationMs = 1000;
const nIn = 40;
const nOut = 12;

/** Poisson inputs → LIF outputs through a plastic projection, with every spike recorded. */
function plasticNetwork(rules: PlasticityRule[]) {
  const conn = fixedProbabilityProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'exc', preSize: nIn, postSize: nOut, probability: 0.5, weightMv: 0, rng: createRng(5) });
  const w0 = Float64Array.from(conn.postIndex, (_, s) => 6 + ((s * 7919) % 13) / 3); // 6 … 10 mV, deterministic
  const spec: NetworkSpec = {
    populations: [
      { kind: 'poisson', name: 'in', size: nIn, rateHz: 50 },
      { kind: 'lif', name: 'out', size: nOut, tauMemMs: 10, vRestMv: -74, vThresholdMv: -54, vResetMv: -60, refractoryMs: 2, synapses: { exc: { tauMs: 2 } }, integration: 'euler' },
    ],
    projections: [{ ...conn, weightsMv: w0, plasticity: rules }],
    monitors: [
      { kind: 'spikes', name: 'pre', population: 'in', windows: [{ startMs: 0, stopMs: durationMs }], capacity: 100000 },
      { kind: 'spikes', name: 'post', population: 'out', windows: [{ startMs: 0, stopMs: durationMs }], capacity: 100000 },
    ],
  };
  const net = compileNetwork(spec, { dtMs, seed: 9 });
  const end = runSimulation(net, createSimState(net), durationMs);
  return { conn, w0, end };
}

/** Spikes per step as sets, from a spike monitor. */
function byStep(m: SpikeMonitorData, steps: number): Set<number>[] {
  const out = Array.from({ length: steps }, () => new Set<number>());
  for (let k = 0; k < m.count; k++) out[m.steps[k]!]!.add(m.neurons[k]!);
  return out;
}

/**
 * The rules' documented equations, written as a direct loop over synapses with per-synapse
 * traces, replayed on the recorded spike trains.
 */
function directLoop(rowPtr: ArrayLike<number>, postIndex: ArrayLike<number>, w0: Float64Array, pre: Set<number>[], post: Set<number>[], stdp: StdpRule, homeo?: HomeostasisRule): Float64Array {
  const nSyn = postIndex.length;
  const preOf = new Int32Array(nSyn);
  for (let i = 0; i < nIn; i++) for (let s = rowPtr[i]!; s < rowPtr[i + 1]!; s++) preOf[s] = i;
  const w = w0.slice();
  const xPre = new Float64Array(nSyn);
  const xPost = new Float64Array(nSyn);
  const dPre = Math.exp(-dtMs / stdp.tauPreMs);
  const dPost = Math.exp(-dtMs / stdp.tauPostMs);
  const additive = stdp.kind === 'stdp-additive';
  const aPre = additive ? stdp.aPreMv : stdp.aPre;
  const aPost = additive ? stdp.aPostMv : stdp.aPost;
  const clip = (x: number) => (additive ? Math.min(stdp.wMaxMv, Math.max(stdp.wMinMv ?? 0, x)) : x);
  const interval = homeo ? Math.round(homeo.intervalMs / dtMs) : 0;
  for (let n = 0; n < pre.length; n++) {
    for (let s = 0; s < nSyn; s++) {
      xPre[s] = xPre[s]! * dPre;
      xPost[s] = xPost[s]! * dPost;
    }
    for (let s = 0; s < nSyn; s++) {
      if (!pre[n]!.has(preOf[s]!)) continue;
      xPre[s] = xPre[s]! + aPre;
      w[s] = clip(additive ? w[s]! + xPost[s]! : w[s]! + xPost[s]! * w[s]!);
    }
    for (let s = 0; s < nSyn; s++) {
      if (!post[n]!.has(postIndex[s]!)) continue;
      xPost[s] = xPost[s]! + aPost;
      w[s] = clip(additive ? w[s]! + xPre[s]! : w[s]! + xPre[s]! * (stdp.wMaxMv - w[s]!));
    }
    if (homeo && (n + 1) % interval === 0) {
      const sums = new Float64Array(nOut);
      for (let s = 0; s < nSyn; s++) sums[postIndex[s]!] += w[s]!;
      const target = homeo.target === 'population-mean' ? sums.reduce((a, b) => a + b, 0) / nOut : homeo.target;
      for (let s = 0; s < nSyn; s++) {
        const sum = sums[postIndex[s]!]!;
        const f = sum > 0 ? Math.min(homeo.factorMax ?? 1.1, Math.max(homeo.factorMin ?? 0.9, 1 + homeo.eta * (target / sum - 1))) : 1;
        w[s] = w[s]! * f;
      }
    }
  }
  return w;
}

describe('STDP and homeostasis rules', () => {
  it('stdpAdditive / stdpMultiplicative / homeostasisMultiplicative have the expected defaults', () => {
    expect(stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.1, aPostMv: -0.12, wMaxMv: 5 })).toEqual({
      kind: 'stdp-additive',
      wMinMv: 0,
      tauPreMs: 20,
      tauPostMs: 20,
      aPreMv: 0.1,
      aPostMv: -0.12,
      wMaxMv: 5,
    });
    expect(stdpMultiplicative({ tauPreMs: 20, tauPostMs: 20, aPre: 0.01, aPost: -0.0105, wMaxMv: 20 }).kind).toBe('stdp-multiplicative');
    expect(homeostasisMultiplicative({ eta: 0.005, target: 10, intervalMs: 100 })).toEqual({
      kind: 'homeostasis-multiplicative',
      factorMin: 0.9,
      factorMax: 1.1,
      eta: 0.005,
      target: 10,
      intervalMs: 100,
    });
  });

  const cases: [string, StdpRule][] = [
    ['additive, clipped', stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.3, aPostMv: -0.32, wMinMv: 0, wMaxMv: 10.5 })],
    ['multiplicative, soft-bounded', stdpMultiplicative({ tauPreMs: 16.8, tauPostMs: 33.7, aPre: 0.05, aPost: -0.06, wMaxMv: 14 })],
  ];
  for (const [label, rule] of cases) {
    it(`the ${label} rule in the simulator equals a direct per-synapse loop over the same spike trains`, () => {
      const { conn, w0, end } = plasticNetwork([rule]);
      const steps = durationMs / dtMs;
      const pre = byStep(end.monitors.pre as SpikeMonitorData, steps);
      const post = byStep(end.monitors.post as SpikeMonitorData, steps);
      expect((end.monitors.post as SpikeMonitorData).count).toBeGreaterThan(50);
      const expected = directLoop(conn.rowPtr, conn.postIndex, w0, pre, post, rule);
      const actual = end.projections.ff!.weightsMv;
      expect(Array.from(actual)).toEqual(Array.from(expected)); // same operations in the same order: bit-identical
      // the rule did something and respected its bounds
      let changed = 0;
      for (let s = 0; s < actual.length; s++) {
        if (actual[s] !== w0[s]) changed++;
        expect(actual[s]).toBeGreaterThanOrEqual(0);
        expect(actual[s]).toBeLessThanOrEqual(rule.wMaxMv);
      }
      expect(changed).toBeGreaterThan(actual.length * 0.9);
      if (rule.kind === 'stdp-additive') expect(actual.some((w) => w === rule.wMaxMv) || actual.some((w) => w === 0)).toBe(true);
    });
  }

  it('multiplicative homeostasis every intervalMs, beside STDP, equals the direct loop and pulls incoming sums toward the mean', () => {
    const stdp = stdpMultiplicative({ tauPreMs: 20, tauPostMs: 20, aPre: 0.03, aPost: -0.02, wMaxMv: 14 });
    const homeo = homeostasisMultiplicative({ eta: 0.5, target: 'population-mean', intervalMs: 50 });
    const { conn, w0, end } = plasticNetwork([stdp, homeo]);
    const steps = durationMs / dtMs;
    const expected = directLoop(conn.rowPtr, conn.postIndex, w0, byStep(end.monitors.pre as SpikeMonitorData, steps), byStep(end.monitors.post as SpikeMonitorData, steps), stdp, homeo);
    expect(Array.from(end.projections.ff!.weightsMv)).toEqual(Array.from(expected));
    const cv = (w: ArrayLike<number>) => {
      const sums = new Float64Array(nOut);
      for (let s = 0; s < w.length; s++) sums[conn.postIndex[s]!] += w[s]!;
      const mean = sums.reduce((a, b) => a + b, 0) / nOut;
      return Math.sqrt(sums.reduce((a, b) => a + (b - mean) ** 2, 0) / nOut) / mean;
    };
    const withoutHomeostasis = plasticNetwork([stdp]).end.projections.ff!.weightsMv;
    expect(cv(end.projections.ff!.weightsMv)).toBeLessThan(0.5 * cv(withoutHomeostasis));
  });

  it('a trained state continues under a recompiled network: without the rule the weights are frozen; with A_pre = A_post = 0 only the residual traces act, as in Brian2', () => {
    const rule = stdpMultiplicative({ tauPreMs: 20, tauPostMs: 20, aPre: 0.05, aPost: -0.06, wMaxMv: 14 });
    const conn = fixedProbabilityProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'exc', preSize: nIn, postSize: nOut, probability: 0.5, weightMv: 8, rng: createRng(5) });
    const spec = (rules: PlasticityRule[]): NetworkSpec => ({
      populations: [
        { kind: 'poisson', name: 'in', size: nIn, rateHz: 50 },
        { kind: 'lif', name: 'out', size: nOut, tauMemMs: 10, vRestMv: -74, vThresholdMv: -54, vResetMv: -60, refractoryMs: 2, synapses: { exc: { tauMs: 2 } }, integration: 'euler' },
      ],
      projections: [{ ...conn, plasticity: rules }],
    });
    const training = compileNetwork(spec([rule]), { dtMs, seed: 9 });
    const trained = runSimulation(training, createSimState(training), 300);
    const w = trained.projections.ff!.weightsMv;
    expect(w).not.toEqual(Float64Array.from(conn.weightsMv));
    // no rule: exactly frozen
    const noRule = compileNetwork(spec([]), { dtMs, seed: 9 });
    expect(runSimulation(noRule, trained, 300).projections.ff!.weightsMv).toEqual(w);
    // a state without traces cannot silently feed an STDP network
    expect(() => runSimulation(training, createSimState(noRule), 1)).toThrow(/projection ff has no STDP traces/);
    // zero amplitudes: the traces only decay (exp(−dt/τ) per step, no bumps), and the weights move
    // only while the residual traces last
    const zero = compileNetwork(spec([stdpMultiplicative({ ...rule, aPre: 0, aPost: 0 })]), { dtMs, seed: 9 });
    const early = runSimulation(zero, trained, 150);
    const late = runSimulation(zero, early, 150);
    const decay = Math.exp(-dtMs / 20) ** 300;
    early.projections.ff!.preTrace.forEach((x, i) => expect(x).toBeCloseTo(trained.projections.ff!.preTrace[i]! * decay, 12));
    const moved = (a: Float64Array, b: Float64Array) => a.reduce((m, x, s) => Math.max(m, Math.abs(x - b[s]!)), 0);
    expect(moved(early.projections.ff!.weightsMv, w)).toBeGreaterThan(0);
    expect(moved(late.projections.ff!.weightsMv, early.projections.ff!.weightsMv)).toBeLessThan(1e-3 * moved(early.projections.ff!.weightsMv, w));
  });

  it('incomingSumHomeostasis(rule, w, post, n) scales each cell by clip(1 + η(target/Σw − 1), 0.9, 1.1)', () => {
    const post = Int32Array.from([0, 0, 1, 1, 2]);
    const w = [1, 1, 4, 6, 0];
    const out = incomingSumHomeostasis(homeostasisMultiplicative({ eta: 0.5, target: 4, intervalMs: 1 }), w, post, 3);
    // cell 0: Σ 2 → f = 1 + 0.5·(2 − 1) = 1.5 → clipped 1.1; cell 1: Σ 10 → 1 + 0.5·(0.4 − 1) = 0.7 → 0.9; cell 2: Σ 0 → unchanged
    expect(Array.from(out)).toEqual([1.1, 1.1, 4 * 0.9, 6 * 0.9, 0]);
    const gentle = incomingSumHomeostasis(homeostasisMultiplicative({ eta: 0.1, target: 'population-mean', intervalMs: 1 }), [2, 2, 6], Int32Array.from([0, 0, 1]), 2);
    // sums 4 and 6, mean 5: f0 = 1 + 0.1·(5/4 − 1) = 1.025, f1 = 1 + 0.1·(5/6 − 1)
    expect(gentle[0]).toBeCloseTo(2 * 1.025, 14);
    expect(gentle[2]).toBeCloseTo(6 * (1 + 0.1 * (5 / 6 - 1)), 14);
    expect(Array.from(w)).toEqual([1, 1, 4, 6, 0]); // pure
  });

  it('invalid rules throw InvalidParameterError naming the field', () => {
    expect(() => stdpAdditive({ tauPreMs: 0, tauPostMs: 20, aPreMv: 0.1, aPostMv: -0.1, wMaxMv: 1 })).toThrow(/invalid stdpAdditive.tauPreMs: 0; expected a finite number > 0/);
    expect(() => stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.1, aPostMv: -0.1, wMinMv: 2, wMaxMv: 1 })).toThrow(/invalid stdpAdditive.wMaxMv: 1; expected a number > wMinMv = 2/);
    expect(() => stdpMultiplicative({ tauPreMs: 20, tauPostMs: 20, aPre: NaN, aPost: -0.1, wMaxMv: 1 })).toThrow(/invalid stdpMultiplicative.aPre: NaN/);
    expect(() => homeostasisMultiplicative({ eta: -1, target: 1, intervalMs: 10 })).toThrow(/eta: -1; expected a finite number >= 0/);
    let error: unknown;
    try {
      plasticNetwork([{ kind: 'oja' } as unknown as PlasticityRule]);
    } catch (e) {
      error = e;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/plasticity\[0\]\.kind: "oja"; expected one of stdp-additive, stdp-multiplicative, homeostasis-multiplicative/);
  });
});
