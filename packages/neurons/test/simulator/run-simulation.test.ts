import {
  compileNetwork,
  createRng,
  createSimState,
  cubaNetwork,
  fixedProbabilityProjection,
  homeostasisMultiplicative,
  InvalidParameterError,
  runSimulation,
  ShapeMismatchError,
  stdpMultiplicative,
} from '../../src/index';
import type { LifPopulationSpec, NetworkSpec, SimState, SpikeMonitorData, StateMonitorData, WeightMonitorData, RateMonitorData } from '../../src/index';
import { assertInDelta } from '../helpers/assert-close';

const lif = (name: string, size: number, extra: Partial<LifPopulationSpec> = {}): LifPopulationSpec => ({
  kind: 'lif',
  name,
  size,
  tauMemMs: 20,
  vRestMv: -70,
  vThresholdMv: -50,
  vResetMv: -70,
  refractoryMs: 2,
  synapses: { exc: { tauMs: 5 }, inh: { tauMs: 10 } },
  ...extra,
});

/** A source that spikes exactly once, at step 0 (probability 1 in the first bin of width dt). */
const oneSpikeAtZero = (dtMs: number) => ({ kind: 'poisson' as const, name: 'src', size: 1, rateHz: { kind: 'schedule' as const, binMs: dtMs, values: [1000 / dtMs] } });

describe('runSimulation', () => {
  it('compileNetwork(spec, options) has the expected defaults: exact integration, R = 1 MΩ, delay 0, v(0) = vRestMv', () => {
    const net = compileNetwork({ populations: [lif('a', 3)], currents: [{ name: 'i', target: 'a', currentNa: 1 }] }, { dtMs: 0.1, seed: 1 });
    const a = net.populations[0]!;
    if (a.kind !== 'lif') throw new Error('expected lif');
    expect(a.membraneDecay[0]).toBe(Math.exp(-0.1 / 20));
    expect(a.driveGainMvPerNa[0]).toBe(-Math.expm1(-0.1 / 20)); // × R = 1
    expect(a.ringLength[0]).toBe(1);
    expect(Array.from(createSimState(net).populations.a!.v)).toEqual([-70, -70, -70]);
    expect(net.monitorMemory.totalBytes).toBe(0);
  });

  it('a constant current charges the membrane as vRest + R·I·(1 − e^(−t/τ)) (exact) and as the Euler recursion (euler)', () => {
    for (const integration of ['exact', 'euler'] as const) {
      const spec: NetworkSpec = {
        populations: [lif('a', 2, { vThresholdMv: 100, resistanceMohm: [10, 20], integration })],
        currents: [{ name: 'step', target: 'a', currentNa: 1.5 }],
        monitors: [{ kind: 'state', name: 'v', population: 'a', variable: 'v', neurons: [0, 1], everyMs: 1, stopMs: 50 }],
      };
      const net = compileNetwork(spec, { dtMs: 0.25, seed: 1 });
      const end = runSimulation(net, createSimState(net), 50);
      const m = end.monitors.v as StateMonitorData;
      expect(m.count).toBe(50);
      for (let k = 0; k < 50; k++) {
        const t = m.timesMs[k]!;
        for (const [i, r] of [
          [0, 10],
          [1, 20],
        ] as const) {
          const expected = integration === 'exact' ? -70 + r * 1.5 * (1 - Math.exp(-t / 20)) : -70 + r * 1.5 * (1 - (1 - 0.25 / 20) ** Math.round(t / 0.25));
          assertInDelta(m.values[k * 2 + i]!, expected, { atol: 1e-9 }, `${integration} v[${i}](${t} ms)`);
        }
      }
    }
  });

  it('one presynaptic spike gives the exact PSP w·τs/(τs − τm)·(e^(−t/τs) − e^(−t/τm)), shifted by delaySteps', () => {
    const dt = 0.1;
    for (const delay of [0, 7]) {
      const spec: NetworkSpec = {
        populations: [oneSpikeAtZero(dt), lif('a', 1, { vThresholdMv: 0 })],
        projections: [{ name: 'p', pre: 'src', post: 'a', synapse: 'exc', rowPtr: [0, 1], postIndex: [0], weightsMv: [2], delaySteps: delay }],
        monitors: [{ kind: 'state', name: 'v', population: 'a', variable: 'v', neurons: [0], everyMs: dt, stopMs: 30 }],
      };
      const net = compileNetwork(spec, { dtMs: dt, seed: 1 });
      const m = runSimulation(net, createSimState(net), 30).monitors.v as StateMonitorData;
      let peak = -Infinity;
      for (let k = 0; k < m.count; k++) {
        const t = m.timesMs[k]! - (delay + 1) * dt; // delivered at the end of step `delay`
        const expected = t <= 1e-12 ? -70 : -70 + 2 * (5 / (5 - 20)) * (Math.exp(-t / 5) - Math.exp(-t / 20));
        assertInDelta(m.values[k]!, expected, { atol: 1e-9 }, `v at ${m.timesMs[k]} ms (delay ${delay})`);
        peak = Math.max(peak, m.values[k]!);
      }
      assertInDelta(peak, -70 + 2 * (5 / 15) * (Math.exp((-Math.log(4) * 100) / 15 / 20) - Math.exp((-Math.log(4) * 100) / 15 / 5)), { atol: 0.01 }, 'PSP peak'); // ≈ 0.315 mV at 9.24 ms
    }
  });

  it('a spiking neuron is clamped at vResetMv for round(t_ref/dt) − 1 steps after its spike (Brian2 "unless refractory")', () => {
    const spec: NetworkSpec = {
      populations: [lif('a', 1, { refractoryMs: 0.5, vResetMv: -65, resistanceMohm: 10 })],
      currents: [{ name: 'drive', target: 'a', currentNa: 5 }],
      monitors: [
        { kind: 'state', name: 'v', population: 'a', variable: 'v', neurons: [0], everyMs: 0.1, stopMs: 40 },
        { kind: 'spikes', name: 's', population: 'a', windows: [{ startMs: 0, stopMs: 40 }], capacity: 100 },
      ],
    };
    const net = compileNetwork(spec, { dtMs: 0.1, seed: 1 });
    const end = runSimulation(net, createSimState(net), 40);
    const s = end.monitors.s as SpikeMonitorData;
    const v = end.monitors.v as StateMonitorData;
    expect(s.count).toBeGreaterThan(2);
    const first = s.steps[0]!;
    // samples k hold the state at time k·dt, i.e. after step k − 1
    expect(v.values[first + 1]).toBe(-65); // reset in the spike step
    for (let k = first + 2; k <= first + 5; k++) expect(v.values[k]).toBe(-65); // 4 clamped steps
    expect(v.values[first + 6]).toBeGreaterThan(-65); // integrates again at step first + 5
    // ISI = 4 clamped steps + k charging steps from −65 toward v∞ = −70 + 10 MΩ·5 nA = −20 mV, with
    // k the first integer with −20 − 45·e^(−k·dt/τ) > −50, i.e. k > ln(1.5)·τ/dt = 81.09 → 82
    for (let k = 1; k < s.count; k++) expect(s.steps[k]! - s.steps[k - 1]!).toBe(86);
  });

  it('Poisson sources fire at rateHz with Poisson counts (mean ≈ variance) and follow a binned schedule', () => {
    const dt = 1;
    const spec: NetworkSpec = {
      populations: [
        { kind: 'poisson', name: 'c', size: 400, rateHz: 20 },
        { kind: 'poisson', name: 's', size: 400, rateHz: { kind: 'schedule', binMs: 500, values: [...new Array(400).fill(5), ...new Array(400).fill(40)], repeat: true } },
      ],
      monitors: [
        { kind: 'spikes', name: 'cs', population: 'c', windows: [{ startMs: 0, stopMs: 2000 }], capacity: 40000 },
        { kind: 'rate', name: 'sr', population: 's', binMs: 500, stopMs: 2000 },
      ],
    };
    const net = compileNetwork(spec, { dtMs: dt, seed: 7 });
    const end = runSimulation(net, createSimState(net), 2000);
    const cs = end.monitors.cs as SpikeMonitorData;
    const counts = new Float64Array(400);
    for (let k = 0; k < cs.count; k++) counts[cs.neurons[k]!]++;
    const mean = counts.reduce((a, b) => a + b, 0) / 400;
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / 399;
    // expected 40 spikes per neuron; the mean of 400 has sd ≈ 0.32, so ±1.5 is > 4 sd
    assertInDelta(mean, 40, { atol: 1.5 }, 'mean count');
    assertInDelta(variance / mean, 1 - (20 * dt) / 1000, { atol: 0.2 }, 'Fano factor (Bernoulli per step)');
    const sr = end.monitors.sr as RateMonitorData;
    const rates = Array.from(sr.counts, (c) => c / (400 * 0.5));
    [5, 40, 5, 40].forEach((r, b) => assertInDelta(rates[b]!, r, { atol: 5 * Math.sqrt(r / 200) }, `scheduled rate bin ${b}`));
  });

  it('run(100 ms) then run(100 ms) equals run(200 ms) bit for bit (Poisson input, delays, STDP, homeostasis, every monitor)', () => {
    const rng = createRng(3);
    const inToA = fixedProbabilityProjection({ name: 'inToA', pre: 'in', post: 'a', synapse: 'exc', preSize: 50, postSize: 30, probability: 0.3, weightMv: 12, rng });
    const aToA = fixedProbabilityProjection({ name: 'aToA', pre: 'a', post: 'a', synapse: 'inh', preSize: 30, postSize: 30, probability: 0.2, weightMv: 2, rng, stream: 1 });
    const delays = Array.from(aToA.postIndex, (_, s) => s % 5);
    const spec: NetworkSpec = {
      populations: [
        { kind: 'poisson', name: 'in', size: 50, rateHz: { kind: 'schedule', binMs: 25, values: Array.from({ length: 50 * 3 }, (_, k) => 10 + (k % 7) * 5), repeat: true } },
        lif('a', 30, { resistanceMohm: 10, vInitMv: { kind: 'uniform', lowMv: -70, highMv: -52 }, tauMemMs: Array.from({ length: 30 }, (_, i) => 10 + i) }),
      ],
      projections: [
        {
          ...inToA,
          plasticity: [stdpMultiplicative({ tauPreMs: 20, tauPostMs: 20, aPre: 0.05, aPost: -0.055, wMaxMv: 20 }), homeostasisMultiplicative({ eta: 0.05, target: 'population-mean', intervalMs: 30 })],
        },
        { ...aToA, signs: Array.from(aToA.postIndex, () => -1), delaySteps: delays },
      ],
      currents: [{ name: 'bias', target: 'a', currentNa: { kind: 'schedule', binMs: 10, values: Array.from({ length: 30 * 4 }, (_, k) => (k % 3) * 0.5) } }],
      monitors: [
        {
          kind: 'spikes',
          name: 'spk',
          population: 'a',
          windows: [
            { startMs: 10, stopMs: 60 },
            { startMs: 150, stopMs: 190 },
          ],
          capacity: 5000,
        },
        { kind: 'rate', name: 'rate', population: 'a', binMs: 5, stopMs: 200 },
        { kind: 'state', name: 'syn', population: 'a', variable: 'syn:inh', neurons: [0, 5, 29], everyMs: 0.5, startMs: 3, stopMs: 200 },
        { kind: 'weights', name: 'w', projection: 'inToA', atMs: [0, 50, 100, 150, 200] },
      ],
    };
    const net = compileNetwork(spec, { dtMs: 0.1, seed: 11 });
    const whole = runSimulation(net, createSimState(net), 200);
    const half = runSimulation(net, createSimState(net), 100);
    const chunked = runSimulation(net, half, 100);
    const thirds = [70, 0, 30.5, 99.5].reduce((s: SimState, d) => runSimulation(net, s, d), createSimState(net));
    expect(flatten(chunked)).toEqual(flatten(whole));
    expect(flatten(thirds)).toEqual(flatten(whole));
    // the run is not trivial: spikes, plastic weights and all snapshots
    expect((whole.monitors.spk as SpikeMonitorData).count).toBeGreaterThan(20);
    const w = whole.monitors.w as WeightMonitorData;
    expect(Array.from(w.taken)).toEqual([1, 1, 1, 1, 1]);
    expect(w.weightsMv.subarray(4 * inToA.postIndex.length)).toEqual(whole.projections.inToA!.weightsMv);
    expect(whole.projections.inToA!.weightsMv).not.toEqual(Float64Array.from(inToA.weightsMv));
    // the input is not mutated, and a different seed gives a different run
    expect(half.stepIndex).toBe(1000);
    const other = runSimulation(compileNetwork(spec, { dtMs: 0.1, seed: 12 }), createSimState(compileNetwork(spec, { dtMs: 0.1, seed: 12 })), 200);
    expect(flatten(other)).not.toEqual(flatten(whole));
  });

  it('monitors state their memory up front and never exceed it (overflowing spikes are counted as dropped)', () => {
    const spec: NetworkSpec = {
      populations: [{ kind: 'poisson', name: 'p', size: 100, rateHz: 200 }],
      monitors: [
        { kind: 'spikes', name: 's', population: 'p', windows: [{ startMs: 0, stopMs: 1000 }], capacity: 1000 },
        { kind: 'rate', name: 'r', population: 'p', binMs: 10, stopMs: 1000 },
      ],
    };
    const net = compileNetwork(spec, { dtMs: 1, seed: 1 });
    expect(net.monitorMemory).toEqual({ bytesByMonitor: { s: 8000, r: 800 }, totalBytes: 8800 });
    const end = runSimulation(net, createSimState(net), 5000);
    const s = end.monitors.s as SpikeMonitorData;
    expect(s.count).toBe(1000);
    expect(s.steps.length).toBe(1000);
    const total = (end.monitors.r as RateMonitorData).counts.reduce((a, b) => a + b, 0);
    expect(s.count + s.dropped).toBe(total); // every spike in the window is either kept or counted
    expect(total).toBeGreaterThan(15000);
  });

  it('the WebAssembly SIMD LIF and delivery kernels give the same bits as the JavaScript loops (with delays), and every population reports its kernel', () => {
    const base = cubaNetwork({ connectivitySeed: 4, size: 1001 });
    // delays exercise the delay rings: one for all synapses, one per synapse, none
    const delays = [3, 'per-synapse', 0, 5] as const;
    const projections = base.projections!.map((p, k) => ({ ...p, delaySteps: delays[k] === 'per-synapse' ? Array.from(p.postIndex, (_, s) => s % 4) : delays[k] }));
    const spec = {
      ...base,
      projections,
      monitors: [
        { kind: 'spikes' as const, name: 'e', population: 'e', windows: [{ startMs: 0, stopMs: 300 }], capacity: 100000 },
        { kind: 'state' as const, name: 'gi', population: 'i', variable: 'syn:inh', neurons: [0, 7, 199], everyMs: 1, stopMs: 300 },
      ],
    };
    const js = compileNetwork(spec, { dtMs: 0.1, seed: 5, kernels: 'javascript' });
    const wasm = compileNetwork(spec, { dtMs: 0.1, seed: 5, kernels: 'wasm' });
    expect(js.kernels).toEqual([
      { population: 'e', kernel: 'javascript', reason: "kernels: 'javascript' was requested" },
      { population: 'i', kernel: 'javascript', reason: "kernels: 'javascript' was requested" },
    ]);
    expect(wasm.kernels).toEqual([
      { population: 'e', kernel: 'wasm-simd' },
      { population: 'i', kernel: 'wasm-simd' },
    ]);
    const a = runSimulation(js, createSimState(js), 300);
    const b = [150, 0.1, 149.9].reduce((st: SimState, d) => runSimulation(wasm, st, d), createSimState(wasm));
    expect((a.monitors.e as SpikeMonitorData).count).toBeGreaterThan(500);
    expect(flatten(b)).toEqual(flatten(a));
    // populations with more channels than the kernels take are named with the reason, and 'wasm' refuses them
    const five = { synapses: Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((c) => [c, { tauMs: 5 }])) };
    const mixed = compileNetwork({ populations: [lif('a', 3, five), lif('b', 2)] }, { dtMs: 0.1, seed: 1 });
    expect(mixed.kernels).toEqual([
      { population: 'a', kernel: 'javascript', reason: 'it has 5 synapse channels (the SIMD kernels take at most 4)' },
      { population: 'b', kernel: 'wasm-simd' },
    ]);
    expect(() => compileNetwork({ populations: [lif('a', 3, five)] }, { dtMs: 0.1, seed: 1, kernels: 'wasm' })).toThrow(
      /invalid kernels: "wasm"; expected a network whose LIF populations all fit the SIMD kernel; a: it has 5 synapse channels/,
    );
  });

  it('every other LIF shape takes a SIMD kernel with the same bits as JavaScript: 0–4 channels, per-neuron parameters, constant and scheduled currents', () => {
    const n = 37; // not a multiple of 4: padding lanes
    const per = (lo: number, hi: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * ((i * 7) % n)) / n);
    const chans = (k: number) => Object.fromEntries(Array.from({ length: k }, (_, c) => [`c${c}`, { tauMs: 3 + 2 * c }]));
    const populations: NetworkSpec['populations'] = [
      { kind: 'poisson', name: 'in', size: 60, rateHz: 400 },
      lif('none', n, { synapses: {}, vInitMv: { kind: 'uniform', lowMv: -70, highMv: -50 } }),
      lif('one', n, { synapses: chans(1), vInitMv: { kind: 'uniform', lowMv: -70, highMv: -50 } }),
      lif('three', n, { synapses: chans(3), tauMemMs: per(10, 30), vThresholdMv: per(-52, -48), refractoryMs: per(0, 4), integration: 'euler' }),
      lif('four', n, { synapses: chans(4), resistanceMohm: per(50, 150), vResetMv: per(-75, -65) }),
      lif('two', n, { vRestMv: per(-72, -68) }),
    ];
    const targets: [string, string][] = [
      ['one', 'c0'],
      ['three', 'c0'],
      ['three', 'c1'],
      ['three', 'c2'],
      ['four', 'c0'],
      ['four', 'c3'],
      ['two', 'exc'],
      ['two', 'inh'],
    ];
    const projections = targets.map(([post, synapse], k) => {
      const rowPtr = Array.from({ length: 61 }, (_, i) => i * 5);
      const postIndex = Array.from({ length: 300 }, (_, s) => (s * 13 + k) % n);
      return {
        name: `p${k}`,
        pre: 'in',
        post,
        synapse,
        rowPtr,
        postIndex,
        weightsMv: postIndex.map((_, s) => (synapse === 'inh' || synapse === 'c1' ? (s % 11) / 4 - 2.5 : (3 * (s % 11)) / 4)),
        delaySteps: k % 3,
      };
    });
    const currents: NetworkSpec['currents'] = [
      { name: 'dc', target: 'none', currentNa: per(18, 30) },
      { name: 'ramp', target: 'four', currentNa: { kind: 'schedule', binMs: 5, values: Array.from({ length: 4 * n }, (_, k) => (k % n) / n / 10), repeat: true } },
      { name: 'dc2', target: 'four', currentNa: 0.05 },
    ];
    const monitors: NetworkSpec['monitors'] = populations
      .slice(1)
      .map((p) => ({ kind: 'spikes' as const, name: `s_${p.name}`, population: p.name, windows: [{ startMs: 0, stopMs: 100 }], capacity: 100000 }));
    const spec: NetworkSpec = { populations, projections, currents, monitors };
    const js = compileNetwork(spec, { dtMs: 0.1, seed: 3, kernels: 'javascript' });
    const wasm = compileNetwork(spec, { dtMs: 0.1, seed: 3, kernels: 'wasm' });
    expect(wasm.kernels.every((k) => k.kernel === 'wasm-simd')).toBe(true);
    const a = runSimulation(js, createSimState(js), 100);
    const b = [37.3, 0.1, 62.6].reduce((st: SimState, d) => runSimulation(wasm, st, d), createSimState(wasm));
    for (const p of populations.slice(1)) expect((a.monitors[`s_${p.name}`] as SpikeMonitorData).count).toBeGreaterThan(10);
    expect(flatten(b)).toEqual(flatten(a));
  });

  describe('errors', () => {
    const base = (): NetworkSpec => ({
      populations: [{ kind: 'poisson', name: 'in', size: 2, rateHz: 10 }, lif('a', 2)],
      projections: [{ name: 'p', pre: 'in', post: 'a', synapse: 'exc', rowPtr: [0, 1, 2], postIndex: [0, 1], weightsMv: [1, 1] }],
    });
    const expectError = (spec: NetworkSpec, re: RegExp, dtMs = 0.1, cls: { isInstance(e: unknown): boolean } = InvalidParameterError) => {
      let error: unknown;
      try {
        compileNetwork(spec, { dtMs, seed: 1 });
      } catch (e) {
        error = e;
      }
      expect(cls.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(re);
    };
    it('a projection naming a missing population throws InvalidParameterError naming it and the valid names', () => {
      const s = base();
      expectError({ ...s, projections: [{ ...s.projections![0]!, pre: 'nope' }] }, /invalid projections\[0\] \(p\)\.pre: "nope"; expected the name of a population .*one of: in, a/);
    });
    it('a negative delay throws InvalidParameterError', () => {
      const s = base();
      expectError({ ...s, projections: [{ ...s.projections![0]!, delaySteps: -1 }] }, /delaySteps: -1; expected an integer in \[0, 65535\]/);
      expectError({ ...s, projections: [{ ...s.projections![0]!, delaySteps: [0, -2] }] }, /delaySteps\[1\]: -2/);
    });
    it('a NaN weight throws InvalidParameterError naming the synapse', () => {
      const s = base();
      expectError({ ...s, projections: [{ ...s.projections![0]!, weightsMv: [1, NaN] }] }, /weightsMv\[1\]: NaN; expected a finite number/);
    });
    it('dt <= 0 throws InvalidParameterError', () => {
      expectError(base(), /invalid dtMs: 0; expected a finite number > 0/, 0);
      expectError(base(), /invalid dtMs: -0.1/, -0.1);
    });
    it('a missing synapse channel, a wrong-length array, a post that is a Poisson source, a bad rate, a bad schedule and a duplicate name throw', () => {
      const s = base();
      const p = s.projections![0]!;
      expectError({ ...s, projections: [{ ...p, synapse: 'ampa' }] }, /synapse: "ampa"; expected a synapse channel of population a \(one of: exc, inh\)/);
      expectError({ ...s, projections: [{ ...p, postIndex: [0] }] }, /postIndex/, 0.1, ShapeMismatchError);
      expectError({ ...s, projections: [{ ...p, postIndex: [0, 2] }] }, /postIndex\[1\]: 2; expected an integer in \[0, 1\]/);
      expectError({ ...s, projections: [{ ...p, post: 'in' }] }, /expected a LIF population/);
      expectError({ ...s, populations: [{ kind: 'poisson', name: 'in', size: 2, rateHz: 20000 }, lif('a', 2)] }, /rateHz\[0\]: 20000; expected a rate in \[0, 10000\] Hz/);
      expectError(
        { ...s, populations: [{ kind: 'poisson', name: 'in', size: 2, rateHz: { kind: 'schedule', binMs: 0.25, values: [1, 2] } }, lif('a', 2)] },
        /binMs: 0.25; expected a positive whole number of steps of dt = 0.1 ms/,
      );
      expectError({ ...s, populations: [lif('a', 2), lif('a', 3)] }, /name: "a"; expected a population name not used before/);
      expectError(
        {
          ...s,
          populations: [
            { ...lif('a', 2), tauMemMs: [20, 0] },
            { kind: 'poisson', name: 'in', size: 2, rateHz: 1 },
          ],
        },
        /tauMemMs\[1\]: 0; expected a finite number > 0/,
      );
    });
    it('runSimulation rejects a duration that is not a whole number of steps and a state of another network', () => {
      const net = compileNetwork(base(), { dtMs: 0.1, seed: 1 });
      expect(() => runSimulation(net, createSimState(net), 0.05)).toThrow(/invalid durationMs: 0.05; expected a non-negative whole number of steps/);
      const other = compileNetwork({ populations: [lif('a', 3)] }, { dtMs: 0.1, seed: 1 });
      expect(() => runSimulation(net, createSimState(other), 1)).toThrow(/invalid state: "population a missing or of the wrong size"/);
    });
  });
});

/** Every number of a state, with typed arrays as plain arrays, for deep equality. */
function flatten(state: SimState): unknown {
  return JSON.parse(JSON.stringify(state, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isNaN(x) ? 'NaN' : x)) : v)));
}
