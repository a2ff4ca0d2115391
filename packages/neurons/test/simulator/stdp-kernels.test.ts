import {
  compileNetwork,
  createSimState,
  epropReward,
  fixedOutDegreeProjection,
  homeostasisMultiplicative,
  createRng,
  InvalidParameterError,
  runSimulation,
  simulatorStdpKernelBytes,
  stdpAdditive,
  stdpMultiplicative,
} from '../../src/index';
import type { LifPopulationSpec, NetworkSpec, PlasticityRule, ProjectionSpec, SimState, WeightMonitorData } from '../../src/index';
import { differingArrays, stateBits } from '../helpers/state-bits';

const lif = (name: string, size: number, extra: Partial<LifPopulationSpec> = {}): LifPopulationSpec => ({
  kind: 'lif',
  name,
  size,
  tauMemMs: 10,
  vRestMv: -74,
  vThresholdMv: -54,
  vResetMv: -60,
  refractoryMs: 2,
  synapses: { exc: { tauMs: 2 }, inh: { tauMs: 2 } },
  integration: 'euler',
  ...extra,
});

/**
 * 300 Poisson inputs → 30 LIF cells (a plastic fan-in: post-major), 30 → 61 LIF cells (a plastic
 * fan-out: pre-major, presynaptic spikes already in WebAssembly memory), a signed fixed projection
 * and a delayed one (delivery kernel), homeostasis and a weight monitor.
 */
function spec(ffRules: PlasticityRule[], outRules: PlasticityRule[], ffDelay: number, outDelay: number): NetworkSpec {
  const ff = fixedOutDegreeProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'exc', preSize: 300, postSize: 30, outDegree: 8, weightMv: 0, rng: createRng(3), delaySteps: ffDelay });
  const fo = fixedOutDegreeProjection({ name: 'fo', pre: 'out', post: 'big', synapse: 'exc', preSize: 30, postSize: 61, outDegree: 12, weightMv: 0, rng: createRng(5), delaySteps: outDelay });
  const inh = fixedOutDegreeProjection({ name: 'inh', pre: 'big', post: 'out', synapse: 'inh', preSize: 61, postSize: 30, outDegree: 4, weightMv: 0, rng: createRng(7), delaySteps: 1 });
  const drive = fixedOutDegreeProjection({ name: 'drive', pre: 'in', post: 'big', synapse: 'exc', preSize: 300, postSize: 61, outDegree: 2, weightMv: 0, rng: createRng(9) });
  const projections: ProjectionSpec[] = [
    { ...ff, weightsMv: Float64Array.from(ff.postIndex, (_, s) => 2 + ((s * 7919) % 13) / 6), plasticity: ffRules },
    { ...fo, weightsMv: Float64Array.from(fo.postIndex, (_, s) => 4 + ((s * 104729) % 17) / 4), plasticity: outRules },
    { ...inh, weightsMv: Float64Array.from(inh.postIndex, (_, s) => 1 + (s % 5) / 2), signs: Float64Array.from(inh.postIndex, () => -1) },
    { ...drive, weightsMv: Float64Array.from(drive.postIndex, (_, s) => 3 + (s % 7) / 3) },
  ];
  return {
    populations: [{ kind: 'poisson', name: 'in', size: 300, rateHz: 60 }, lif('out', 30), lif('big', 61)],
    projections,
    monitors: [
      { kind: 'weights', name: 'wff', projection: 'ff', atMs: [40, 250] },
      { kind: 'weights', name: 'wfo', projection: 'fo', atMs: [120] },
    ],
  };
}

const additive = stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.3, aPostMv: -0.2, wMaxMv: 5 });
const additiveWide = stdpAdditive({ tauPreMs: 15, tauPostMs: 25, aPreMv: 0.4, aPostMv: -0.3, wMinMv: 1, wMaxMv: 9 });
const multiplicative = stdpMultiplicative({ tauPreMs: 20, tauPostMs: 20, aPre: 0.05, aPost: -0.05, wMaxMv: 6 });
const multiplicative2 = stdpMultiplicative({ tauPreMs: 10, tauPostMs: 30, aPre: 0.02, aPost: -0.03, wMaxMv: 12 });
const homeo = (wMaxMv: number) => homeostasisMultiplicative({ eta: 0.2, target: 'population-mean', intervalMs: 50, wMaxMv });

describe('WebAssembly STDP and delivery kernels (stdp-simd-kernel)', () => {
  it('give the same bits as the JavaScript path for both layouts and both rules, with and without delays, homeostasis, signs and weight monitors, across chunkings', () => {
    const cases: [PlasticityRule[], PlasticityRule[], number, number][] = [
      [[additive, homeo(5)], [multiplicative], 2, 0],
      [[multiplicative], [additiveWide, homeo(9)], 0, 3],
      [[additiveWide], [multiplicative2], 1, 1],
    ];
    for (const [ffRules, outRules, ffDelay, outDelay] of cases) {
      const s = spec(ffRules, outRules, ffDelay, outDelay);
      const js = compileNetwork(s, { dtMs: 1, seed: 4, kernels: 'javascript' });
      const wasm = compileNetwork(s, { dtMs: 1, seed: 4, kernels: 'wasm' });
      expect(wasm.projectionKernels).toEqual(['ff', 'fo', 'inh', 'drive'].map((projection) => ({ projection, kernel: 'wasm' })));
      expect(js.projectionKernels.every((k) => k.kernel === 'javascript' && k.reason === "kernels: 'javascript' was requested")).toBe(true);
      expect(wasm.projections.map((p) => p.layout)).toEqual(['post-major', 'pre-major', 'pre-major', 'pre-major']);
      const a = runSimulation(js, createSimState(js), 300);
      const b = [37, 163, 100].reduce((st: SimState, d) => runSimulation(wasm, st, d), createSimState(wasm));
      // the plasticity really ran: weights moved, both populations spiked
      const w0 = s.projections![0]!.weightsMv as Float64Array;
      expect(Array.from(a.projections.ff!.weightsMv)).not.toEqual(Array.from(w0));
      expect(Array.from(a.projections.fo!.weightsMv)).not.toEqual(Array.from(s.projections![1]!.weightsMv as Float64Array));
      expect((a.monitors.wff as WeightMonitorData).weightsMv.some((x) => x !== 0)).toBe(true);
      expect(differingArrays(a, b)).toEqual([]);
    }
  });

  it('fall back to JavaScript loudly: every projection names its kernel and why, kernels: "wasm" refuses a plastic projection that cannot take the kernel, and the fallback gives the same bits', () => {
    const base = spec([additive], [multiplicative], 2, 0);
    const perSynapse = { ...base, projections: base.projections!.map((p, k) => (k === 0 ? { ...p, delaySteps: Array.from(p.postIndex, (_, s) => s % 3) } : p)) };
    const auto = compileNetwork(perSynapse, { dtMs: 1, seed: 4 });
    expect(auto.projectionKernels).toEqual([
      { projection: 'ff', kernel: 'javascript', reason: 'its synapses have different delays (the kernels take one delay per projection)' },
      { projection: 'fo', kernel: 'wasm' },
      { projection: 'inh', kernel: 'wasm' },
      { projection: 'drive', kernel: 'wasm' },
    ]);
    const js = compileNetwork(perSynapse, { dtMs: 1, seed: 4, kernels: 'javascript' });
    const a = runSimulation(js, createSimState(js), 150);
    const b = [70, 80].reduce((st: SimState, d) => runSimulation(auto, st, d), createSimState(auto));
    expect(differingArrays(a, b)).toEqual([]);
    expect(() => compileNetwork(perSynapse, { dtMs: 1, seed: 4, kernels: 'wasm' })).toThrow(
      /invalid kernels: "wasm"; expected a network whose STDP projections all fit the STDP kernel; ff: its synapses have different delays/,
    );
    // a signed plastic projection
    const signed = { ...base, projections: base.projections!.map((p, k) => (k === 1 ? { ...p, signs: Float64Array.from(p.postIndex, () => 1) } : p)) };
    expect(compileNetwork(signed, { dtMs: 1, seed: 4 }).projectionKernels[1]).toEqual({
      projection: 'fo',
      kernel: 'javascript',
      reason: 'it has a signs array (the STDP kernel takes unsigned weights)',
    });
    // a target population outside the SIMD LIF kernel (more channels than it takes)
    const five = { synapses: Object.fromEntries(['exc', 'inh', 'c', 'd', 'e'].map((c) => [c, { tauMs: 5 }])) };
    const wide = { ...base, populations: base.populations.map((p) => (p.name === 'big' ? lif('big', 61, five) : p)) };
    const w = compileNetwork(wide, { dtMs: 1, seed: 4 });
    expect(w.projectionKernels.find((k) => k.projection === 'fo')).toEqual({ projection: 'fo', kernel: 'javascript', reason: 'its target population big does not run in the SIMD LIF kernel' });
    expect(w.projectionKernels.find((k) => k.projection === 'ff')).toEqual({ projection: 'ff', kernel: 'wasm' });
    let error: unknown;
    try {
      compileNetwork(wide, { dtMs: 1, seed: 4, kernels: 'wasm' });
    } catch (e) {
      error = e;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/big: it has 5 synapse channels/);
  });

  it('e-prop projections keep the JavaScript path, and say so', () => {
    const base = spec([additive], [multiplicative], 0, 0);
    const ep = {
      ...base,
      projections: base.projections!.map((p, k) =>
        k === 3 ? { ...p, plasticity: [epropReward({ tauPreMs: 20, tauEligibilityMs: 5, pseudoDerivative: { gamma: 0.5 }, learningRate: 0.1, baselineDecay: 0.99, wMinMv: -15, wMaxMv: 15 })] } : p,
      ),
    };
    expect(compileNetwork(ep, { dtMs: 1, seed: 4 }).projectionKernels[3]).toEqual({ projection: 'drive', kernel: 'javascript', reason: 'e-prop runs in JavaScript' });
  });

  it('the module validates and exports the decay, the pre and post events of each layout and rule, and the delivery', () => {
    const bytes = simulatorStdpKernelBytes();
    // the lib has no WebAssembly types (no DOM lib); the runtime has it
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean; Module: { new (b: Uint8Array): object; exports(m: object): { name: string }[] } } }).WebAssembly;
    expect(wasm.validate(bytes)).toBe(true);
    const names = wasm.Module.exports(new wasm.Module(bytes))
      .map((e) => e.name)
      .sort();
    expect(names).toEqual([
      'deliver_rows',
      'deliver_rows_signed',
      'stdp_decay',
      'stdp_post_post_add',
      'stdp_post_post_mul',
      'stdp_post_pre_add',
      'stdp_post_pre_mul',
      'stdp_pre_post_add',
      'stdp_pre_post_mul',
      'stdp_pre_pre_add',
      'stdp_pre_pre_mul',
    ]);
  });
});
