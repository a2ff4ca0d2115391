import { compileNetwork, createRng, createSimState, fixedOutDegreeProjection, homeostasisMultiplicative, runSimulation, stdpAdditive, stdpMultiplicative } from '../../src/index';
import type { CompiledNetwork, LifPopulationSpec, NetworkSpec, SimState } from '../../src/index';
import { differingArrays, stateBits } from '../helpers/state-bits';

const lif = (name: string, size: number): LifPopulationSpec => ({
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
  vInitMv: { kind: 'uniform', lowMv: -74, highMv: -60 },
});

/**
 * Poisson (geometric) → 30 LIF with additive STDP and homeostasis (a fan-in: post-major weights),
 * 30 → 13 LIF with multiplicative STDP (pre-major), and a delayed inhibitory projection back
 * (a delay ring, signs): every kind of array the WebAssembly memory of a run holds.
 */
function spec(): NetworkSpec {
  const ff = fixedOutDegreeProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'exc', preSize: 200, postSize: 30, outDegree: 6, weightMv: 0, rng: createRng(3) });
  const fo = fixedOutDegreeProjection({ name: 'fo', pre: 'out', post: 'small', synapse: 'exc', preSize: 30, postSize: 13, outDegree: 5, weightMv: 0, rng: createRng(5) });
  const back = fixedOutDegreeProjection({ name: 'back', pre: 'small', post: 'out', synapse: 'inh', preSize: 13, postSize: 30, outDegree: 4, weightMv: 0, rng: createRng(7), delaySteps: 2 });
  return {
    populations: [{ kind: 'poisson', name: 'in', size: 200, rateHz: 70, draw: 'geometric' }, lif('out', 30), lif('small', 13)],
    projections: [
      {
        ...ff,
        weightsMv: Float64Array.from(ff.postIndex, (_, s) => 3 + ((s * 7919) % 13) / 5),
        plasticity: [
          stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.3, aPostMv: -0.25, wMaxMv: 5 }),
          homeostasisMultiplicative({ eta: 0.2, target: 'population-mean', intervalMs: 40, wMaxMv: 5 }),
        ],
      },
      {
        ...fo,
        weightsMv: Float64Array.from(fo.postIndex, (_, s) => 5 + ((s * 104729) % 17) / 4),
        plasticity: [stdpMultiplicative({ tauPreMs: 15, tauPostMs: 25, aPre: 0.05, aPost: -0.04, wMaxMv: 9 })],
      },
      { ...back, weightsMv: Float64Array.from(back.postIndex, (_, s) => 1 + (s % 5) / 2), signs: Float64Array.from(back.postIndex, () => -1) },
    ],
  };
}

describe('the WebAssembly memory a compiled network keeps between runs', () => {
  it('runs of one network on different states, interleaved, give the same bits as each state run alone on a network of its own', () => {
    const s = spec();
    const shared = compileNetwork(s, { dtMs: 1, seed: 8 });
    expect(shared.kernels.every((k) => k.kernel === 'wasm-simd')).toBe(true);
    expect(shared.projectionKernels.every((k) => k.kernel === 'wasm')).toBe(true);
    expect(shared.poissonKernels).toEqual([{ population: 'in', kernel: 'wasm' }]);
    // Alone: each state on a network compiled for it alone (so with a memory of its own).
    const alone = (seed: number, chunks: number[]): SimState => {
      const net = compileNetwork(s, { dtMs: 1, seed });
      return chunks.reduce((st: SimState, d) => runSimulation(net, st, d), createSimState(net));
    };
    const a = alone(8, [60, 90, 50]);
    // Interleaved: state A and state B (another network's state, same shapes, other weights and
    // potentials after its own run) alternate on `shared`; B's run must not leak into A's.
    const other: CompiledNetwork = compileNetwork(s, { dtMs: 1, seed: 99 });
    let sa = createSimState(shared);
    let sb = runSimulation(other, createSimState(other), 70);
    sa = runSimulation(shared, sa, 60);
    sb = runSimulation(shared, sb, 45);
    sa = runSimulation(shared, sa, 90);
    sb = runSimulation(shared, sb, 45);
    sa = runSimulation(shared, sa, 50);
    expect(differingArrays(a, sa)).toEqual([]);
    // and B equals B run alone: 70 steps on `other`, then 90 on a fresh network with seed 8
    const fresh = compileNetwork(s, { dtMs: 1, seed: 8 });
    const b = [45, 45].reduce((st: SimState, d) => runSimulation(fresh, st, d), runSimulation(other, createSimState(other), 70));
    expect(differingArrays(b, sb)).toEqual([]);
    // the runs really did something: weights moved and the delayed ring carried input
    expect(Array.from(sa.projections.ff!.weightsMv)).not.toEqual(Array.from(s.projections![0]!.weightsMv as Float64Array));
    expect(differingArrays(sa, sb).length).toBeGreaterThan(0);
  });
});
